// How ClickTestRunner runs tests: which binary stands in for `click`, the time limit, extra
// variables for the scripts, and where temporary test directories go.
using System;
using System.Collections.Generic;

namespace StatelessNF.ClickTest;

/// <summary>Settings of a <see cref="ClickTestRunner"/>.</summary>
public sealed class ClickTestRunnerOptions
{
    /// <summary>The default time limit of one script.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The binary scripts reach as <c>click</c> (a symbolic link to it is put first on their
    /// PATH), normally build/native/bin/snf-click; null to leave PATH's own <c>click</c>, if any.
    /// </summary>
    public string? ClickBinary { get; init; }

    /// <summary>How long each %require and %script run may take; zero or negative for no limit.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>Environment variables for the scripts (the format's <c>VARIABLE=VALUE</c> arguments), applied last.</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();

    /// <summary>The scripts' <c>$rundir</c>; by default the folder of the test file, else the current directory.</summary>
    public string? RunDirectory { get; init; }

    /// <summary>Where temporary test directories are created; by default the system's temporary folder.</summary>
    public string? TemporaryRoot { get; init; }

    /// <summary>Keep each test's temporary directory (its path is in the result) instead of deleting it.</summary>
    public bool PreserveTemporaries { get; init; }

    /// <summary>The most bytes of one output file read for comparison; the rest is reported as cut.</summary>
    public int MaximumOutputBytes { get; init; } = 16 * 1024 * 1024;
}
