// Everything needed to run one generated shell script: the files its standard streams go
// to, the trace file its command markers go to, its environment and its time limit.
using System;
using System.Collections.Generic;

namespace StatelessNF.ClickTest;

/// <summary>The inputs of <see cref="ScriptProcess.Run"/>.</summary>
/// <param name="ScriptPath">The script, run with <c>/bin/sh -e</c>.</param>
/// <param name="WorkingDirectory">The directory the script runs in.</param>
/// <param name="StandardInputPath">The file read as standard input (<c>/dev/null</c> for none).</param>
/// <param name="StandardOutputPath">The file standard output is written to.</param>
/// <param name="StandardErrorPath">The file standard error is written to.</param>
/// <param name="TracePath">The file descriptor 9 of the script goes here: the runner's command markers.</param>
/// <param name="GroupIdPath">Where the script's process group id is recorded.</param>
/// <param name="Environment">Variables to set (a null value removes the variable).</param>
/// <param name="Timeout">How long the script may run; zero or negative for no limit.</param>
public sealed record ScriptLaunch(
    string ScriptPath,
    string WorkingDirectory,
    string StandardInputPath,
    string StandardOutputPath,
    string StandardErrorPath,
    string TracePath,
    string GroupIdPath,
    IReadOnlyDictionary<string, string?> Environment,
    TimeSpan Timeout);

/// <summary>How a script run ended.</summary>
/// <param name="ExitCode">The shell's exit status (128 + N when killed by signal N).</param>
/// <param name="TimedOut">True when the time limit passed and the script's process group was killed.</param>
/// <param name="LauncherMessages">Anything the launcher itself printed, such as a redirection that failed.</param>
/// <param name="Elapsed">How long the script ran.</param>
public sealed record ScriptExecution(int ExitCode, bool TimedOut, string LauncherMessages, TimeSpan Elapsed);
