// The generated bindings agree with the native library they load: every struct the
// generator laid out has the size the library was compiled with, and the library answers
// the basic queries.
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;
using NUnit.Framework;
using StatelessNF.Interop.Native;

namespace StatelessNF.Interop.Tests;

[TestFixture]
public sealed unsafe class NativeLayoutTests
{
    public static IEnumerable<TestCaseData> Structs()
    {
        foreach ((string name, int size) in SnfClientNativeLayout.Structs)
            yield return new TestCaseData(name, size).SetName($"StructSizeMatches({name})");
    }

    [TestCaseSource(nameof(Structs))]
    public void StructSizeMatches(string name, int managedSize)
    {
        Assert.That(NativeSize(name), Is.EqualTo((nuint)managedSize), $"sizeof({name}) differs between C# and C");
    }

    [Test]
    public void EveryPublicStructOfTheHeaderIsChecked()
    {
        var names = new List<string>();
        foreach ((string name, int _) in SnfClientNativeLayout.Structs)
            names.Add(name);
        Assert.That(names, Is.SupersetOf(new[]
        {
            "snf_reject_rules", "snf_multi_read_op", "snf_multi_write_op", "snf_client_stats", "snf_cache_stats",
        }));
    }

    [Test]
    public void UnknownStructNamesHaveSizeZero()
    {
        Assert.That(NativeSize("no_such_struct"), Is.EqualTo((nuint)0));
    }

    [Test]
    public void TheLibraryReportsItsVersionAndStatusNames()
    {
        string? version = Marshal.PtrToStringUTF8((nint)SnfClientNative.snf_version());
        Assert.That(version, Does.Match(@"^\d+\.\d+\.\d+"));
        Assert.That(Marshal.PtrToStringUTF8((nint)SnfClientNative.snf_status_name((int)snf_status.SNF_ERR_OBJECT_EXISTS)),
                    Is.EqualTo("SNF_ERR_OBJECT_EXISTS"));
        Assert.That(Marshal.PtrToStringUTF8((nint)SnfClientNative.snf_status_name(12345)), Is.EqualTo("SNF_ERR_UNKNOWN"));
        Assert.That(Marshal.PtrToStringUTF8((nint)SnfClientNative.snf_status_message((int)snf_status.SNF_OK)), Is.Not.Empty);
    }

    private static nuint NativeSize(string name)
    {
        byte[] text = Encoding.UTF8.GetBytes(name + "\0");
        fixed (byte* p = text)
            return SnfClientNative.snf_struct_size(p);
    }
}
