// FlowSteering's bucket arithmetic: balanced ranges, moves, and the handler text.
using NUnit.Framework;
using StatelessNF.Interop.Orchestration;

namespace StatelessNF.Interop.Tests.Orchestration;

[TestFixture]
public sealed class FlowSteeringTests
{
    [Test]
    public void BalanceGivesEachInstanceOneContiguousEvenRange()
    {
        var steering = new FlowSteering(256, "steer");
        steering.Balance(new[] { 0, 2, 5 });
        Assert.That(steering.OwnedSpec(0), Is.EqualTo("0-85"));
        Assert.That(steering.OwnedSpec(2), Is.EqualTo("86-170"));
        Assert.That(steering.OwnedSpec(5), Is.EqualTo("171-255"));
        Assert.That(steering.OwnedSpec(1), Is.EqualTo("none"));
    }

    [Test]
    public void OneInstanceOwnsAllAndNoInstanceOwnsNothing()
    {
        var steering = new FlowSteering(16, "steer");
        steering.Balance(new[] { 3 });
        Assert.That(steering.OwnedSpec(3), Is.EqualTo("all"));
        steering.Balance(System.Array.Empty<int>());
        Assert.That(steering.OwnerOf(7), Is.EqualTo(-1));
        Assert.That(steering.OwnedSpec(3), Is.EqualTo("none"));
    }

    [Test]
    public void MovesChangeOnlyTheBucketsMoved()
    {
        var steering = new FlowSteering(8, "steer");
        steering.Balance(new[] { 0, 1 });
        Assert.That(steering.MoveAll(1, 0), Is.EqualTo(4));
        Assert.That(steering.OwnedSpec(0), Is.EqualTo("all"));
        steering.Move(3, 1);
        steering.Move(5, 1);
        Assert.That(steering.OwnedSpec(1), Is.EqualTo("3 5"));
        Assert.That(steering.OwnedSpec(0), Is.EqualTo("0-2 4 6-7"));
    }
}
