// The one error table: every StoreStatus maps to its documented exception type, carries
// its status and a message, and the managed enum mirrors the native codes value for value.
using System;
using System.Collections.Generic;
using System.Linq;
using NUnit.Framework;
using StatelessNF.Interop.Internal;
using StatelessNF.Interop.Native;

namespace StatelessNF.Interop.Tests;

[TestFixture]
public sealed class StoreErrorsTests
{
    private static readonly Dictionary<StoreStatus, Type> Expected = new()
    {
        [StoreStatus.TableDoesntExist] = typeof(TableNotFoundException),
        [StoreStatus.ObjectDoesntExist] = typeof(ObjectNotFoundException),
        [StoreStatus.ObjectExists] = typeof(ObjectExistsException),
        [StoreStatus.WrongVersion] = typeof(WrongVersionException),
        [StoreStatus.InvalidArgument] = typeof(StoreArgumentException),
        [StoreStatus.KeyTooLarge] = typeof(StoreArgumentException),
        [StoreStatus.ValueTooLarge] = typeof(StoreArgumentException),
        [StoreStatus.BufferTooSmall] = typeof(BufferTooSmallException),
        [StoreStatus.BadUri] = typeof(StoreArgumentException),
        [StoreStatus.Connection] = typeof(StoreConnectionException),
        [StoreStatus.Timeout] = typeof(StoreTimeoutException),
        [StoreStatus.Protocol] = typeof(StoreException),
        [StoreStatus.Replication] = typeof(ReplicationException),
        [StoreStatus.Authentication] = typeof(StoreAuthenticationException),
        [StoreStatus.Pending] = typeof(StoreException),
        [StoreStatus.NotSupported] = typeof(StoreException),
        [StoreStatus.Closed] = typeof(StoreClosedException),
        [StoreStatus.NoMemory] = typeof(StoreException),
        [StoreStatus.Internal] = typeof(StoreException),
    };

    private static IEnumerable<StoreStatus> Failures() => Enum.GetValues<StoreStatus>().Where(status => status != StoreStatus.Ok);

    [Test]
    public void EveryFailureStatusHasAnExpectation()
    {
        Assert.That(Failures(), Is.EquivalentTo(Expected.Keys));
    }

    [TestCaseSource(nameof(Failures))]
    public void EachStatusMapsToItsExceptionType(StoreStatus status)
    {
        StoreException failure = StoreErrors.Create((int)status, "native says no");
        Assert.That(failure.GetType(), Is.EqualTo(Expected[status]));
        Assert.That(failure.Status, Is.EqualTo(status));
        Assert.That(failure.Message, Is.EqualTo("native says no"));
    }

    [TestCaseSource(nameof(Failures))]
    public void WithoutANativeMessageTheStatusDescriptionIsUsed(StoreStatus status)
    {
        StoreException failure = StoreErrors.Create((int)status, null);
        Assert.That(failure.Message, Does.StartWith("SNF_ERR_"));
        Assert.That(StoreErrors.Create((int)status, "").Message, Is.EqualTo(failure.Message));
    }

    [Test]
    public void BufferTooSmallCarriesTheRequiredLength()
    {
        var failure = (BufferTooSmallException)StoreErrors.Create((int)StoreStatus.BufferTooSmall, "small", requiredLength: 321);
        Assert.That(failure.RequiredLength, Is.EqualTo(321));
    }

    [Test]
    public void TimeoutIsAConnectionProblem()
    {
        Assert.That(StoreErrors.Create((int)StoreStatus.Timeout, "slow"), Is.InstanceOf<StoreConnectionException>());
    }

    [Test]
    public void UnknownStatusesBecomeTheBaseException()
    {
        StoreException failure = StoreErrors.Create(99, null);
        Assert.That(failure.GetType(), Is.EqualTo(typeof(StoreException)));
        Assert.That((int)failure.Status, Is.EqualTo(99));
        Assert.That(failure.Message, Is.Not.Empty);
    }

    [Test]
    public void OkIsNotAFailure()
    {
        Assert.That(() => StoreErrors.Create(0, "fine"), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void TheManagedEnumMirrorsTheNativeStatusCodes()
    {
        var native = Enum.GetValues<snf_status>().Where(code => code != snf_status.SNF_STATUS_COUNT).ToArray();
        Assert.That(native.Select(code => (int)code), Is.EquivalentTo(Enum.GetValues<StoreStatus>().Select(code => (int)code)));
        Assert.That(Enum.GetValues<StoreStatus>(), Has.Length.EqualTo((int)snf_status.SNF_STATUS_COUNT));
        foreach (snf_status code in native)
        {
            string managed = ((StoreStatus)(int)code).ToString();
            Assert.That(code.ToString().Replace("_", ""), Does.Contain(Abbreviated(managed)).IgnoreCase,
                        $"{code} and {managed} name the same condition");
        }
    }

    [Test]
    public void TheLimitsMirrorTheNativeLimits()
    {
        int[] native =
        {
            (int)snf_limits.SNF_MAX_KEY_LENGTH, (int)snf_limits.SNF_MAX_VALUE_LENGTH,
            (int)snf_limits.SNF_MAX_TABLE_NAME_LENGTH, (int)snf_limits.SNF_LATENCY_BUCKETS,
        };
        int[] managed = { StoreLimits.MaxKeyLength, StoreLimits.MaxValueLength, StoreLimits.MaxTableNameLength, StoreLimits.LatencyBuckets };
        Assert.That(managed, Is.EqualTo(native));
    }

    // StoreStatus uses whole words where the C names abbreviate.
    private static string Abbreviated(string managed) => managed switch
    {
        "Ok" => "OK",
        "Authentication" => "AUTH",
        "Internal" => "INTERNAL",
        _ => managed,
    };
}
