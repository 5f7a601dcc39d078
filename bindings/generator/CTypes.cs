// The C type model: what a declaration's type is, as parsed from clang's printed type
// spelling ("const snf_reject_rules *", "void (*)(snf_op *, int32_t, void *)"). Typedef
// names are kept as names so the mapper can recognise the fixed-width ones (uint64_t)
// before looking through them.
namespace StatelessNF.BindingsGenerator;

/// <summary>The arithmetic and void types C spells with keywords.</summary>
internal enum CBuiltinKind
{
    Void,
    Bool,
    Char,
    SignedChar,
    UnsignedChar,
    Short,
    UnsignedShort,
    Int,
    UnsignedInt,
    Long,
    UnsignedLong,
    LongLong,
    UnsignedLongLong,
    Float,
    Double,
    LongDouble,
    Int128,
    UnsignedInt128,
}

/// <summary>The keyword a tag type was declared with.</summary>
internal enum CTagKind
{
    Struct,
    Union,
    Enum,
}

/// <summary>A C type.</summary>
internal abstract record CType;

/// <summary>A keyword type such as <c>unsigned int</c> or <c>void</c>.</summary>
internal sealed record CBuiltinType(CBuiltinKind Kind) : CType;

/// <summary>A use of a typedef name, resolved later through the translation unit.</summary>
internal sealed record CTypedefName(string Name) : CType;

/// <summary><c>struct X</c>, <c>union X</c> or <c>enum X</c>.</summary>
internal sealed record CTagType(CTagKind Kind, string Name) : CType;

/// <summary>A pointer; qualifiers are dropped because C# has no equivalent.</summary>
internal sealed record CPointerType(CType Pointee) : CType;

/// <summary>An array; <see cref="Length"/> is null for <c>T[]</c>.</summary>
internal sealed record CArrayType(CType Element, long? Length) : CType;

/// <summary>A function type; <see cref="HasPrototype"/> is false for <c>int f()</c>.</summary>
internal sealed record CFunctionType(
    CType ReturnType,
    IReadOnlyList<CType> Parameters,
    bool IsVariadic,
    bool HasPrototype) : CType;

/// <summary>
/// A type C# cannot name: an unnamed struct/enum declared inline, a vector or complex type.
/// Kept with its spelling so the error message can show it.
/// </summary>
internal sealed record CUnsupportedType(string Spelling, string Reason) : CType;
