// Why a %script or %require section failed: the command that was running, where it is in
// the test file, the exit status or timeout, and the end of what it wrote to standard error.
using System;
using System.Text;

namespace StatelessNF.ClickTest;

/// <summary>A script that exited with a nonzero status or ran out of time.</summary>
/// <param name="Section"><c>script</c> or <c>require</c>.</param>
/// <param name="Command">The command that was running, when known.</param>
/// <param name="ExitCode">The shell's exit status.</param>
/// <param name="TimedOut">True when the time limit passed.</param>
/// <param name="Timeout">The time limit that applied.</param>
/// <param name="StandardErrorTail">The last lines of standard error.</param>
public sealed record ScriptFailure(
    string Section,
    ScriptCommand? Command,
    int ExitCode,
    bool TimedOut,
    TimeSpan Timeout,
    string StandardErrorTail)
{
    /// <summary>How many lines of standard error a failure keeps.</summary>
    public const int TailLines = 20;

    /// <summary>One line naming the failure, e.g. <c>t.clicktest:4: failure (exit 1) at 'click -e ...'</c>.</summary>
    public string Summary
    {
        get
        {
            string what = TimedOut
                ? $"timed out after {Timeout.TotalSeconds:0.###} s"
                : ExitCode == 1 ? "failure (exit 1)" : $"error (exit {ExitCode})";
            if (Section == "require")
                what = "requirement " + what;
            return Command is null
                ? $"{what} at an unknown point of the %{Section}"
                : $"{Command.Location}: {what} at '{Command.Summary()}'";
        }
    }

    /// <summary>The summary followed by the standard error lines, indented.</summary>
    public string Describe()
    {
        var text = new StringBuilder(Summary).AppendLine();
        if (StandardErrorTail.Length > 0)
        {
            text.AppendLine("  standard error (end):");
            foreach (string line in StandardErrorTail.Split('\n'))
                text.Append("    ").AppendLine(line);
        }
        return text.ToString();
    }

    /// <summary>The last <see cref="TailLines"/> non-empty lines of <paramref name="text"/>.</summary>
    public static string Tail(string text)
    {
        string[] lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        int skip = Math.Max(0, lines.Length - TailLines);
        return string.Join('\n', lines[skip..]).TrimEnd();
    }
}
