// The {{ }} notation of expected-output lines: "foo{{(bar)?}}" is literal "foo" followed by
// the regular expression "(bar)?", and "{{?text}}" is a comment shown when the line does not
// match. A block may contain one nested level of {{ }}; a "{{" without its "}}" is literal
// text. Used by the matcher (%expect lines) and by ignore rules (%ignore lines).
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;

namespace StatelessNF.ClickTest;

/// <summary>One piece of a line: literal text, or the inside of a <c>{{ }}</c> block.</summary>
/// <param name="Text">The literal text, or the block's contents without the braces.</param>
/// <param name="IsBlock">True for a <c>{{ }}</c> block.</param>
public readonly record struct BraceSegment(string Text, bool IsBlock)
{
    /// <summary>True for a <c>{{?comment}}</c> block.</summary>
    public bool IsComment => IsBlock && Text.StartsWith('?');
}

/// <summary>Splits lines at <c>{{ }}</c> blocks and turns them into regular expressions.</summary>
public static class BraceBlocks
{
    /// <summary>The horizontal whitespace the format disregards: space, tab, form feed, carriage return, vertical tab.</summary>
    public static bool IsHorizontalSpace(char c) => c is ' ' or '\t' or '\f' or '\r' or '\v';

    /// <summary>Splits <paramref name="line"/> into literal text and blocks, in order.</summary>
    public static IReadOnlyList<BraceSegment> Split(string line)
    {
        var segments = new List<BraceSegment>();
        int position = 0;
        while (position < line.Length)
        {
            if (!TryFindBlock(line, position, out int open, out int close))
                break;
            if (open > position)
                segments.Add(new BraceSegment(line[position..open], false));
            segments.Add(new BraceSegment(line[(open + 2)..close], true));
            position = close + 2;
        }
        if (position < line.Length)
            segments.Add(new BraceSegment(line[position..], false));
        return segments;
    }

    /// <summary>True when <paramref name="line"/> holds at least one complete block.</summary>
    public static bool HasBlock(string line) => TryFindBlock(line, 0, out _, out _);

    /// <summary>
    /// Removes <c>{{?comment}}</c> blocks and the whitespace around them; other blocks are kept
    /// with their braces. Returns the comments joined by spaces, or null when there were none.
    /// </summary>
    public static string RemoveComments(string line, out string? comment)
    {
        var result = new StringBuilder();
        comment = null;
        bool trimNextLeading = false;
        foreach (BraceSegment segment in Split(line))
        {
            if (segment.IsComment)
            {
                TrimEnd(result);
                string text = segment.Text[1..].Trim();
                comment = comment is null ? text : comment + " " + text;
                trimNextLeading = true;
                continue;
            }
            string piece = segment.IsBlock ? "{{" + segment.Text + "}}" : segment.Text;
            if (trimNextLeading)
                piece = piece.TrimStart(' ', '\t', '\f', '\r', '\v');
            trimNextLeading = false;
            result.Append(piece);
        }
        return result.ToString();
    }

    /// <summary>
    /// Builds a regular expression (without anchors) from a line: blocks become groups
    /// (case-insensitive ones with <paramref name="ignoreCase"/>), comments are removed, and the
    /// text between blocks is escaped when <paramref name="literalText"/> is true.
    /// </summary>
    public static string ToRegex(string line, bool literalText, bool ignoreCase, out string? comment)
    {
        string withoutComments = RemoveComments(line, out comment);
        var pattern = new StringBuilder();
        foreach (BraceSegment segment in Split(withoutComments))
        {
            if (!segment.IsBlock)
                pattern.Append(literalText ? Regex.Escape(segment.Text) : segment.Text);
            else
                pattern.Append(ignoreCase ? "(?i:" : "(?:").Append(segment.Text).Append(')');
        }
        return pattern.ToString();
    }

    /// <summary>Deletes horizontal whitespace outside blocks; block contents are left as written.</summary>
    public static string RemoveWhitespaceOutsideBlocks(string line)
    {
        var result = new StringBuilder();
        foreach (BraceSegment segment in Split(line))
        {
            if (segment.IsBlock)
                result.Append("{{").Append(segment.Text).Append("}}");
            else
                result.Append(RemoveWhitespace(segment.Text));
        }
        return result.ToString();
    }

    /// <summary>Deletes every horizontal whitespace character.</summary>
    public static string RemoveWhitespace(string text)
    {
        var result = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (!IsHorizontalSpace(c))
                result.Append(c);
        }
        return result.ToString();
    }

    /// <summary>Deletes trailing horizontal whitespace.</summary>
    public static string TrimTrailingSpace(string text)
    {
        int end = text.Length;
        while (end > 0 && IsHorizontalSpace(text[end - 1]))
            end--;
        return end == text.Length ? text : text[..end];
    }

    // Finds the first "{{" at or after start and its matching "}}", allowing one nested level.
    private static bool TryFindBlock(string line, int start, out int open, out int close)
    {
        close = -1;
        open = line.IndexOf("{{", start, System.StringComparison.Ordinal);
        if (open < 0)
            return false;
        int level = 1;
        int position = open + 2;
        while (position < line.Length - 1)
        {
            if (line[position] == '{' && line[position + 1] == '{')
            {
                level++;
                if (level > 2)
                    return false;
                position += 2;
            }
            else if (line[position] == '}' && line[position + 1] == '}')
            {
                level--;
                if (level == 0)
                {
                    close = position;
                    return true;
                }
                position += 2;
            }
            else
            {
                position++;
            }
        }
        return false;
    }

    private static void TrimEnd(StringBuilder builder)
    {
        int end = builder.Length;
        while (end > 0 && IsHorizontalSpace(builder[end - 1]))
            end--;
        builder.Length = end;
    }
}
