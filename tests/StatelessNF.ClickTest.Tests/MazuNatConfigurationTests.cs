// The configuration users bring, mazu-nat.click from Click's distribution (the shared
// click-conf folder), through snf-click: every element class and every AddressInfo name in
// it is understood, so the router configures completely and stops only where a machine
// without the gateway's devices must stop: FromDevice finds no interface with the Ethernet
// address the file's AddressInfo gives `extern` (its devices are named by address, as with
// Click's kernel driver). The error carries file:line, in Click's words.
using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using NUnit.Framework;

namespace StatelessNF.ClickTest.Tests;

[TestFixture]
public sealed class MazuNatConfigurationTests
{
    private static readonly Regex InitializingFromDevice =
        new(@"^(?<file>.+):(?<line>\d+): While initializing '(?<name>[^']+) :: FromDevice':$");
    private static readonly Regex NoDevice = new(@"^no device with Ethernet address (?<mac>[0-9a-f:]{17})$");
    private static readonly Regex ExternAddressInfo =
        new(@"^\s*extern\s[^\n]*?(?<mac>[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5})", RegexOptions.Multiline);

    [Test]
    public void ConfiguresCompletelyAndStopsOnlyAtTheMissingDevices()
    {
        string? root = RepositoryLayout.FindRoot(AppContext.BaseDirectory) ?? RepositoryLayout.FindRoot();
        string? shared = RepositoryLayout.SharedDirectory(root);
        string? click = RepositoryLayout.ClickBinary(root);
        Assert.That(shared, Is.Not.Null, "the shared folder beside the repository was not found");
        Assert.That(click is not null && File.Exists(click), Is.True, $"snf-click not found at {click}; build native first");
        string config = Path.Combine(shared!, "click-conf", "mazu-nat.click");
        Assert.That(File.Exists(config), Is.True, $"{config} is missing");
        Match extern_ = ExternAddressInfo.Match(File.ReadAllText(config));
        Assert.That(extern_.Success, Is.True, "mazu-nat.click's AddressInfo names extern's Ethernet address");

        var start = new ProcessStartInfo(click!, $"-q \"{config}\"")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)!;
        string stderr = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        Assert.That(process.WaitForExit(30_000), Is.True, "snf-click did not finish within 30 s");

        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Multiple(() =>
        {
            Assert.That(process.ExitCode, Is.Not.Zero, "a router without its devices must not start");
            Assert.That(lines, Has.Length.EqualTo(3), stderr);
            Match where = InitializingFromDevice.Match(lines.ElementAtOrDefault(0) ?? "");
            Assert.That(where.Success && where.Groups["file"].Value == config, Is.True,
                        $"the first line names the FromDevice with file:line: {stderr}");
            Match device = NoDevice.Match(lines.ElementAtOrDefault(1) ?? "");
            Assert.That(device.Success, Is.True, $"the reason is the missing device: {stderr}");
            Assert.That(device.Groups["mac"].Value, Is.EqualTo(extern_.Groups["mac"].Value.ToLowerInvariant()),
                        "the device is looked up by the address AddressInfo gives extern");
            Assert.That(lines.ElementAtOrDefault(2), Is.EqualTo("Router could not be initialized!"));
        });
    }
}
