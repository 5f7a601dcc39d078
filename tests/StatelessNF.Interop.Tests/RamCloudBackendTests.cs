// The RAMCloud backend from C#: without RAMCloud's client library, opening a ramcloud: URI
// fails with a message that says which library is missing and which variable points at it.
using NUnit.Framework;

namespace StatelessNF.Interop.Tests;

[TestFixture]
public sealed class RamCloudBackendTests
{
    [Test]
    public void MissingLibraryGivesAClearError()
    {
        var failure = Assert.Throws<StoreException>(() =>
            StoreClient.Open("ramcloud:tcp:host=127.0.0.1,port=12246?lib=/nonexistent/libramcloud.so"))!;
        Assert.Multiple(() =>
        {
            Assert.That(failure.Status, Is.EqualTo(StoreStatus.NotSupported));
            Assert.That(failure.Message, Does.Contain("/nonexistent/libramcloud.so"));
            Assert.That(failure.Message, Does.Contain("SNF_RAMCLOUD_LIB"));
        });
    }
}
