// Native handles are released: after disposing clients and caches (in either order), and
// after the finalizer of a client nobody disposed, the live-handle count is back where it
// started.
using System;
using System.Runtime.CompilerServices;
using NUnit.Framework;

namespace StatelessNF.Interop.Tests;

[TestFixture]
[NonParallelizable]
public sealed class HandleLeakTests
{
    // Handles other tests dropped without disposing must be finalized before a baseline is taken.
    [SetUp]
    public void SettleFinalizers()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    [Test]
    public void DisposingClientsAndCachesReturnsToTheBaseline()
    {
        int baseline = StoreHandleTracker.LiveHandles;
        var clients = new StoreClient[5];
        var caches = new StoreCache[5];
        for (int i = 0; i < clients.Length; i++)
        {
            clients[i] = StoreClient.Open("embedded:leaks");
            caches[i] = clients[i].CreateCache(8);
        }
        Assert.That(StoreHandleTracker.LiveClients, Is.GreaterThanOrEqualTo(5));
        Assert.That(StoreHandleTracker.LiveHandles, Is.EqualTo(baseline + 10));

        // Half the caches go before their clients, half after.
        for (int i = 0; i < clients.Length; i++)
        {
            if (i % 2 == 0)
            {
                caches[i].Dispose();
                clients[i].Dispose();
            }
            else
            {
                clients[i].Dispose();
                caches[i].Dispose();
            }
        }
        Assert.That(StoreHandleTracker.LiveHandles, Is.EqualTo(baseline));
    }

    [Test]
    public void FailedOpensLeaveNoHandle()
    {
        int baseline = StoreHandleTracker.LiveHandles;
        Assert.That(() => StoreClient.Open("bogus"), Throws.InstanceOf<StoreArgumentException>());
        Assert.That(() => StoreClient.Open("redis://127.0.0.1:1?connect_timeout_ms=200"), Throws.InstanceOf<StoreConnectionException>());
        Assert.That(StoreHandleTracker.LiveHandles, Is.EqualTo(baseline));
    }

    [Test]
    public void AForgottenClientIsFreedByItsFinalizer()
    {
        int baseline = StoreHandleTracker.LiveHandles;
        OpenAndForget();
        for (int attempt = 0; attempt < 10 && StoreHandleTracker.LiveHandles != baseline; attempt++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        Assert.That(StoreHandleTracker.LiveHandles, Is.EqualTo(baseline));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void OpenAndForget()
    {
        StoreClient client = StoreClient.Open("embedded:leaks");
        StoreCache cache = client.CreateCache(4);
        cache.Write(client.CreateTable("forgotten"), "k"u8, "v"u8);
    }
}
