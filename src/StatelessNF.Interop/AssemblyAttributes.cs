// Assembly-wide attributes. Runtime marshalling is disabled because every native
// signature is blittable by construction (the generated bindings use pointers and
// fixed-size integers only), which keeps calls into libsnf_client free of marshalling
// stubs and makes the assembly safe for trimming and native AOT.
using System.Runtime.CompilerServices;

[assembly: DisableRuntimeMarshalling]
