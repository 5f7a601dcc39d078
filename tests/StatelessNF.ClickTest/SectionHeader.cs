// The arguments of a file-like section line (%file, %stdin, %expect, %expectv, %expectx,
// %stdout, %stderr, %ignore, %ignorev, %ignorex): option flags, +LENGTH and file names,
// checked against what each section allows.
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace StatelessNF.ClickTest;

/// <summary>The parsed arguments of a file-like section.</summary>
public sealed class SectionHeader
{
    private static readonly Regex SimpleName = new(@"\A[-A-Za-z_0-9.]+\z", RegexOptions.CultureInvariant);
    private static readonly Regex PathName = new(@"\A[-A-Za-z_0-9./]+\z", RegexOptions.CultureInvariant);

    private SectionHeader() { }

    /// <summary>The <c>-a</c> flag: this expectation is an alternative to earlier ones for the same file.</summary>
    public bool Alternate { get; private set; }

    /// <summary>The <c>-d</c> flag: delete the first character of each line.</summary>
    public bool DeleteFirstCharacter { get; private set; }

    /// <summary>The <c>-e</c> flag: the contents are MIME Base64.</summary>
    public bool Base64 { get; private set; }

    /// <summary>The <c>-i</c> flag: regular expressions ignore case.</summary>
    public bool IgnoreCase { get; private set; }

    /// <summary>The <c>-w</c> flag: whitespace inside lines does not count.</summary>
    public bool IgnoreWhitespace { get; private set; }

    /// <summary>The <c>+LENGTH</c> argument: the contents are exactly this many bytes after the section line.</summary>
    public int? Length { get; private set; }

    /// <summary>The file names, or the section's default when none was given.</summary>
    public IReadOnlyList<string> FileNames { get; private set; } = [];

    /// <summary>Problems with the arguments; each is a parse error.</summary>
    public IReadOnlyList<string> Errors { get; private set; } = [];

    /// <summary>
    /// Parses <paramref name="arguments"/> for section <paramref name="section"/>, one of
    /// <c>file</c>, <c>expect</c>, <c>expectv</c>, <c>expectx</c>, <c>ignore</c>, <c>ignorev</c>,
    /// <c>ignorex</c>. <paramref name="impliedFile"/> is the file named by the section itself
    /// (<c>%stdin</c>, <c>%stdout</c>, <c>%stderr</c>), which then takes no file names.
    /// </summary>
    public static SectionHeader Parse(string section, string arguments, string? impliedFile = null)
    {
        var header = new SectionHeader();
        var errors = new List<string>();
        var names = new List<string>();
        string allowed = AllowedFlags(section);
        string[] words = arguments.Split([' ', '\t'], System.StringSplitOptions.RemoveEmptyEntries);
        int index = 0;
        for (; index < words.Length; index++)
        {
            string word = words[index];
            if (word.Length > 1 && word[0] == '+' && int.TryParse(word[1..], System.Globalization.NumberStyles.None,
                    System.Globalization.CultureInfo.InvariantCulture, out int length))
            {
                header.Length = length;
                continue;
            }
            if (word.Length < 2 || word[0] != '-')
                break;
            foreach (char flag in word[1..])
            {
                if (allowed.IndexOf(flag) < 0)
                {
                    errors.Add($"'%{section} -{flag}' is not allowed");
                    continue;
                }
                switch (flag)
                {
                    case 'a': header.Alternate = true; break;
                    case 'd': header.DeleteFirstCharacter = true; break;
                    case 'e': header.Base64 = true; break;
                    case 'i': header.IgnoreCase = true; break;
                    case 'w': header.IgnoreWhitespace = true; break;
                }
            }
        }
        for (; index < words.Length; index++)
            names.Add(words[index]);

        if (impliedFile is not null)
        {
            if (names.Count > 0)
                errors.Add($"file names after '%{impliedFile}' are not allowed");
            names = [impliedFile];
        }
        else if (names.Count == 0)
        {
            names.Add(section switch
            {
                "file" => "stdin",
                "ignore" or "ignorev" or "ignorex" => IgnoreRule.AllFiles,
                _ => "stdout",
            });
        }

        var valid = new List<string>();
        foreach (string name in names)
        {
            if (!IsMeaningful(section, name))
                errors.Add($"'{name}' is not meaningful for '%{section}'");
            else if (!IsValidFileName(name))
                errors.Add($"bad file name '%{section} {name}'");
            else
                valid.Add(name);
        }
        header.FileNames = valid;
        header.Errors = errors;
        return header;
    }

    /// <summary>
    /// True for a relative path inside the test directory: letters, digits, <c>-_.</c> and
    /// <c>/</c> between components, no empty, <c>.</c> or <c>..</c> component.
    /// </summary>
    public static bool IsValidFileName(string name)
    {
        if (SimpleName.IsMatch(name))
            return name is not ("." or "..");
        if (!PathName.IsMatch(name))
            return false;
        foreach (string component in name.Split('/'))
        {
            if (component.Length == 0 || component is "." or "..")
                return false;
        }
        return true;
    }

    private static string AllowedFlags(string section) => section switch
    {
        "file" => "de",
        "expect" => "adeiw",
        "expectv" => "ade",
        "expectx" => "adiw",
        "ignore" or "ignorev" => "adiw",
        "ignorex" => "diw",
        _ => "",
    };

    // stdin is an input only, stdout and stderr are outputs only, "all" names every output for ignore rules.
    private static bool IsMeaningful(string section, string name) => name switch
    {
        "stdin" => section == "file",
        "stdout" or "stderr" => section != "file",
        IgnoreRule.AllFiles => section is "ignore" or "ignorev" or "ignorex",
        _ => true,
    };
}
