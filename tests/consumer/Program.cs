// The package's consumer check: an embedded store, a stateless NAT router in process over
// generated traffic, and the packaged snf-click. Exits non-zero with a message on any
// mismatch.
using System.Diagnostics;
using StatelessNF.Interop;
using StatelessNF.Interop.Click;
using StatelessNF.Interop.Orchestration;

const int Packets = 20_000;

using (StoreClient store = StoreClient.Open("embedded:consumer"))
{
    ulong table = store.CreateTable("greetings");
    store.Write(table, "hello", "world");
    Check(store.ReadString(table, "hello") == "world", "embedded store round trip");
}

// Generated UDP flows through a rewriter whose mappings live in the embedded store.
string config = $@"
    FastUDPFlows(RATE 0, LIMIT {Packets}, LENGTH 64, SRCETH 2:0:0:0:0:1, SRCIP 10.0.0.2,
                 DSTETH 2:0:0:0:0:2, DSTIP 198.51.100.2, FLOWS 100, FLOWSIZE 50, STOP true)
      -> Strip(14)
      -> CheckIPHeader
      -> rw :: IPRewriter(pattern 203.0.113.1 1024-65535 - - 0 1,
                          MODE cache, STORE embedded:consumer)
      -> out :: Counter -> Discard;
    rw[1] -> Discard;";
using (Router router = Router.Create(config))
{
    router.Run();
    long forwarded = long.Parse(router.ReadHandler("out.count").Trim());
    long mappings = long.Parse(router.ReadHandler("rw.nmappings").Trim());
    Check(forwarded == Packets, $"all {Packets} packets translated (got {forwarded})");
    Check(mappings > 0, $"the rewriter holds mappings (nmappings {mappings})");
}

string click = SnfClickExecutable.Find();
var version = Process.Start(new ProcessStartInfo(click, "--version") { RedirectStandardOutput = true })!;
string versionText = version.StandardOutput.ReadToEnd();
version.WaitForExit();
Check(version.ExitCode == 0 && versionText.Length > 0, $"packaged snf-click runs ({click})");

Console.WriteLine($"consumer: store, in-process stateless NAT ({Packets} packets) and snf-click all work");
return 0;

static void Check(bool condition, string what)
{
    if (!condition)
    {
        Console.Error.WriteLine($"consumer check failed: {what}");
        Environment.Exit(1);
    }
    Console.WriteLine($"ok: {what}");
}
