// RewriterMappings: forward entries of a rewriter's table dump, from text and from a
// running router.
using System;
using System.Collections.Generic;
using System.Linq;
using NUnit.Framework;
using StatelessNF.Interop.Orchestration;
using StatelessNF.Interop.Tests.Support;

namespace StatelessNF.Interop.Tests.Orchestration;

[TestFixture]
public sealed class RewriterMappingsTests
{
    [Test]
    public void ParseKeepsOnlyForwardEntries()
    {
        const string dump =
            "(10.0.0.4, 41, 18.26.4.44, 53) => (1.0.0.1, 1025, 18.26.4.44, 53) [*0 1] i0 exp300\n" +
            "(18.26.4.44, 53, 1.0.0.1, 1025) => (18.26.4.44, 53, 10.0.0.4, 41) [0 *1] i0 exp300\n";
        Assert.That(RewriterMappings.Parse(dump), Is.EqualTo(new Dictionary<string, string>
        {
            ["10.0.0.4, 41, 18.26.4.44, 53"] = "1.0.0.1, 1025, 18.26.4.44, 53",
        }));
        Assert.That(RewriterMappings.Parse(""), Is.Empty);
    }

    [Test]
    public void ReadGivesEveryFlowOfARunningRewriter()
    {
        const string config = @"
            FastUDPFlows(RATE 0, LIMIT 40, LENGTH 64, SRCETH 2:0:0:0:0:1, SRCIP 10.0.0.2,
                         DSTETH 2:0:0:0:0:2, DSTIP 198.51.100.2, FLOWS 4, FLOWSIZE 10)
              -> Strip(14)
              -> nat :: IPRewriter(pattern 203.0.113.1 1024-65535 - - 0 1)
              -> Discard;
            nat[1] -> Discard;";
        using var instance = new InProcessNfInstance(0, config, new Dictionary<string, string>());
        instance.Start();
        Dictionary<string, string> mappings = new();
        Assert.That(Polling.Until(() => (mappings = RewriterMappings.Read(instance, "nat")).Count == 4, TimeSpan.FromSeconds(10)),
                    Is.True, $"four flows in the dump; read {mappings.Count}");
        Assert.That(mappings.Keys, Has.All.StartsWith("10.0.0.2, "));
        Assert.That(mappings.Values, Has.All.StartsWith("203.0.113.1, "));
        Assert.That(mappings.Values.Distinct().Count(), Is.EqualTo(4), "each flow its own external port");
    }
}
