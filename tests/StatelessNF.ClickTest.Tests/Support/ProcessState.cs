// Checks whether a process id is still a live process (not gone, not a zombie), for tests
// that make sure scripts' leftovers are killed.
using System;
using System.IO;
using System.Threading;

namespace StatelessNF.ClickTest.Tests.Support;

public static class ProcessState
{
    /// <summary>True while /proc says <paramref name="pid"/> exists and is not a zombie.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            string status = File.ReadAllText($"/proc/{pid}/stat");
            int close = status.LastIndexOf(')');
            return close < 0 || close + 2 >= status.Length || status[close + 2] != 'Z';
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Waits up to <paramref name="timeout"/> for <paramref name="pid"/> to die.</summary>
    public static bool DiesWithin(int pid, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (IsAlive(pid))
        {
            if (DateTime.UtcNow >= deadline)
                return false;
            Thread.Sleep(20);
        }
        return true;
    }
}
