// Signals to whole process groups. Each test script runs as the leader of its own process
// group, so everything it started (click, background jobs, their children) can be stopped
// at once on a timeout, and leftovers are stopped when the script ends.
using System.Runtime.InteropServices;

namespace StatelessNF.ClickTest;

/// <summary>kill(2) on process groups, with guards against signalling this process's own group.</summary>
public static partial class ProcessGroupSignals
{
    /// <summary>SIGKILL: cannot be caught, so a hung test cannot outlive its timeout.</summary>
    public const int Kill = 9;

    /// <summary>Sends <paramref name="signal"/> to every process in group <paramref name="groupId"/>.</summary>
    /// <returns>True when the group existed and was signalled.</returns>
    public static bool SignalGroup(int groupId, int signal)
    {
        // Never 0 or 1 (kill(0) and kill(-1) reach far more than a test), never our own group.
        if (groupId <= 1 || groupId == NativeMethods.getpgid(0))
            return false;
        return NativeMethods.kill(-groupId, signal) == 0;
    }

    private static partial class NativeMethods
    {
        [LibraryImport("libc", SetLastError = true)]
        internal static partial int kill(int pid, int signal);

        [LibraryImport("libc", SetLastError = true)]
        internal static partial int getpgid(int pid);
    }
}
