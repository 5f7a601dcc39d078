// The three ways a .clicktest test can end.
namespace StatelessNF.ClickTest;

/// <summary>The verdict of one test.</summary>
public enum ClickTestOutcome
{
    /// <summary>Every command succeeded and every expected output matched.</summary>
    Passed,

    /// <summary>The test could not be read, a command failed or timed out, or an output did not match.</summary>
    Failed,

    /// <summary>A <c>%require</c> command failed, so the test did not run.</summary>
    Skipped,
}
