// Conditional writes and removes: every RejectRules factory and flag, on every backend,
// blocking and asynchronous, plus the mapping of the managed rules onto snf_reject_rules.
using System;
using System.Threading.Tasks;
using NUnit.Framework;
using StatelessNF.Interop.Tests.Support;

namespace StatelessNF.Interop.Tests;

[TestFixture("embedded:")]
[TestFixture(StoreFixture.RedisBackend)]
public sealed class RejectRulesTests : StoreFixture
{
    public RejectRulesTests(string backend) : base(backend) { }

    [Test]
    public void NoneAlwaysApplies()
    {
        Assert.That(RejectRules.None.IsNone, Is.True);
        Assert.That(Client.Write(TableId, Key("k"), Bytes("a"), new WriteOptions(RejectRules.None)), Is.GreaterThan(0UL));
        Assert.That(Client.Write(TableId, Key("k"), Bytes("b"), new WriteOptions(RejectRules.None)), Is.GreaterThan(0UL));
        Assert.That(Client.Remove(TableId, Key("k"), RejectRules.None), Is.GreaterThan(0UL));
        Assert.That(Client.Remove(TableId, Key("k"), RejectRules.None), Is.Zero);
    }

    [Test]
    public void CreateOnlyRejectsAnExistingObject()
    {
        var createOnly = new WriteOptions(RejectRules.CreateOnly);
        Client.Write(TableId, Key("c"), Bytes("first"), createOnly);
        var failure = Assert.Throws<ObjectExistsException>(() => Client.Write(TableId, Key("c"), Bytes("second"), createOnly))!;
        Assert.That(failure.Status, Is.EqualTo(StoreStatus.ObjectExists));
        Assert.That(Client.Read(TableId, Key("c")).AsString(), Is.EqualTo("first"));
        Assert.That(() => Client.Remove(TableId, Key("c"), RejectRules.CreateOnly), Throws.InstanceOf<ObjectExistsException>());
    }

    [Test]
    public void MustExistRejectsAnAbsentObject()
    {
        var mustExist = new WriteOptions(RejectRules.MustExist);
        Assert.That(() => Client.Write(TableId, Key("m"), Bytes("x"), mustExist), Throws.InstanceOf<ObjectNotFoundException>());
        Assert.That(Client.TryRead(TableId, Key("m"), out _), Is.False, "a rejected write leaves nothing behind");
        Assert.That(() => Client.Remove(TableId, Key("m"), RejectRules.MustExist), Throws.InstanceOf<ObjectNotFoundException>());

        Client.Write(TableId, Key("m"), Bytes("x"));
        Assert.That(Client.Write(TableId, Key("m"), Bytes("y"), mustExist), Is.GreaterThan(0UL));
        Assert.That(Client.Remove(TableId, Key("m"), RejectRules.MustExist), Is.GreaterThan(0UL));
    }

    [Test]
    public void IfVersionIsACompareAndSet()
    {
        ulong version = Client.Write(TableId, Key("cas"), Bytes("1"));
        ulong next = Client.Write(TableId, Key("cas"), Bytes("2"), new WriteOptions(RejectRules.IfVersion(version)));
        Assert.That(next, Is.GreaterThan(version));

        var stale = Assert.Throws<WrongVersionException>(() =>
            Client.Write(TableId, Key("cas"), Bytes("3"), new WriteOptions(RejectRules.IfVersion(version))))!;
        Assert.That(stale.Status, Is.EqualTo(StoreStatus.WrongVersion));
        Assert.That(Client.Read(TableId, Key("cas")).AsString(), Is.EqualTo("2"));

        Assert.That(() => Client.Remove(TableId, Key("cas"), RejectRules.IfVersion(version)), Throws.InstanceOf<WrongVersionException>());
        Assert.That(Client.Remove(TableId, Key("cas"), RejectRules.IfVersion(next)), Is.EqualTo(next));
        Assert.That(() => Client.Write(TableId, Key("cas"), Bytes("4"), new WriteOptions(RejectRules.IfVersion(next))),
                    Throws.InstanceOf<ObjectNotFoundException>(), "IfVersion also requires the object to exist");
    }

    [Test]
    public void UnlessVersionAtMostRejectsOldVersionsAndAllowsAbsentOrNewer()
    {
        ulong version = Client.Write(TableId, Key("u"), Bytes("1"), new WriteOptions(RejectRules.UnlessVersionAtMost(1000)));
        Assert.That(version, Is.GreaterThan(0UL), "an absent object passes");

        Assert.That(() => Client.Write(TableId, Key("u"), Bytes("2"), new WriteOptions(RejectRules.UnlessVersionAtMost(version))),
                    Throws.InstanceOf<WrongVersionException>());
        Assert.That(() => Client.Write(TableId, Key("u"), Bytes("2"), new WriteOptions(RejectRules.UnlessVersionAtMost(version + 5))),
                    Throws.InstanceOf<WrongVersionException>());
        ulong newer = Client.Write(TableId, Key("u"), Bytes("3"), new WriteOptions(RejectRules.UnlessVersionAtMost(version - 1)));
        Assert.That(newer, Is.GreaterThan(version));

        Assert.That(() => Client.Remove(TableId, Key("u"), RejectRules.UnlessVersionAtMost(newer)), Throws.InstanceOf<WrongVersionException>());
        Assert.That(Client.Remove(TableId, Key("u"), RejectRules.UnlessVersionAtMost(newer - 1)), Is.EqualTo(newer));
    }

    [Test]
    public void FlagsCombineThroughInitProperties()
    {
        var rules = new RejectRules { RejectIfVersionNotGiven = true, GivenVersion = 12345 };
        Assert.That(rules.IsNone, Is.False);
        Assert.That(Client.Write(TableId, Key("f"), Bytes("absent passes"), new WriteOptions(rules)), Is.GreaterThan(0UL),
                    "without RejectIfDoesntExist an absent object passes the version check");
        Assert.That(() => Client.Write(TableId, Key("f"), Bytes("x"), new WriteOptions(rules)), Throws.InstanceOf<WrongVersionException>());

        var exists = new RejectRules { RejectIfExists = true };
        Assert.That(exists, Is.EqualTo(RejectRules.CreateOnly));
    }

    [Test]
    public async Task AsyncWritesAndRemovesHonourTheRules()
    {
        ulong version = await Client.WriteAsync(TableId, Key("a"), Bytes("1"), new WriteOptions(RejectRules.CreateOnly));
        Assert.That(Assert.CatchAsync<ObjectExistsException>(() => Client.WriteAsync(TableId, Key("a"), Bytes("2"), new WriteOptions(RejectRules.CreateOnly))),
                    Is.Not.Null);
        Assert.That(Assert.CatchAsync<WrongVersionException>(() => Client.WriteAsync(TableId, Key("a"), Bytes("2"), new WriteOptions(RejectRules.IfVersion(version + 1)))),
                    Is.Not.Null);
        Assert.That(Assert.CatchAsync<ObjectNotFoundException>(() => Client.RemoveAsync(TableId, Key("absent"), RejectRules.MustExist)),
                    Is.Not.Null);
        Assert.That(await Client.RemoveAsync(TableId, Key("a"), RejectRules.IfVersion(version)), Is.EqualTo(version));
    }

    [Test]
    public void FactoriesSetTheDocumentedNativeFlags()
    {
        Assert.Multiple(() =>
        {
            AssertNative(RejectRules.None, 0, 0, 0, 0, 0);
            AssertNative(RejectRules.CreateOnly, 0, 0, 1, 0, 0);
            AssertNative(RejectRules.MustExist, 0, 1, 0, 0, 0);
            AssertNative(RejectRules.IfVersion(42), 42, 1, 0, 0, 1);
            AssertNative(RejectRules.UnlessVersionAtMost(7), 7, 0, 0, 1, 0);
        });
    }

    private static unsafe void AssertNative(RejectRules rules, ulong given, byte doesntExist, byte exists, byte le, byte ne)
    {
        Native.snf_reject_rules native = rules.ToNative();
        Assert.That(native.given_version, Is.EqualTo(given), rules.ToString());
        Assert.That(native.doesnt_exist, Is.EqualTo(doesntExist), rules.ToString());
        Assert.That(native.exists, Is.EqualTo(exists), rules.ToString());
        Assert.That(native.version_le_given, Is.EqualTo(le), rules.ToString());
        Assert.That(native.version_ne_given, Is.EqualTo(ne), rules.ToString());
        for (int i = 0; i < 4; i++)
            Assert.That(native.reserved[i], Is.Zero);
    }
}
