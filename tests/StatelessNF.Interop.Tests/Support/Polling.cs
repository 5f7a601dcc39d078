// Bounded waiting for conditions that become true eventually (expiry, reconnection).
using System;
using System.Diagnostics;
using System.Threading;

namespace StatelessNF.Interop.Tests.Support;

public static class Polling
{
    /// <summary>Polls <paramref name="condition"/> every <paramref name="interval"/> until it holds or <paramref name="timeout"/> passes.</summary>
    /// <returns>Whether the condition held in time.</returns>
    public static bool Until(Func<bool> condition, TimeSpan timeout, TimeSpan? interval = null)
    {
        var clock = Stopwatch.StartNew();
        TimeSpan pause = interval ?? TimeSpan.FromMilliseconds(20);
        while (true)
        {
            if (condition())
                return true;
            if (clock.Elapsed >= timeout)
                return false;
            Thread.Sleep(pause);
        }
    }
}
