// Bounded waiting for a condition that becomes true eventually (a counter catching up).
using System;
using System.Diagnostics;
using System.Threading;

namespace StatelessNF.Gateway.Tests.Support;

public static class Polling
{
    /// <summary>Checks <paramref name="condition"/> every 20 ms until it holds or <paramref name="timeout"/> passes.</summary>
    /// <returns>Whether it held in time.</returns>
    public static bool Until(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
                return false;
            Thread.Sleep(20);
        }
        return true;
    }
}
