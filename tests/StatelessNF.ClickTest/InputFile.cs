// A file a %file section creates in the test's directory before the script runs.
namespace StatelessNF.ClickTest;

/// <summary>A script input file.</summary>
/// <param name="Name">Relative path inside the test directory (subdirectories are created as needed).</param>
/// <param name="Contents">The bytes to write, one character per byte (ISO-8859-1), so binary data survives.</param>
public sealed record InputFile(string Name, string Contents);
