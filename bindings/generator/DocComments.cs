// Produces the documentation text of a declaration from the comment clang attached to it.
// clang decides which comment belongs to which declaration (with -fparse-all-comments plain
// /* */ comments count too) and reports it as a FullComment node with a source range; the
// text itself is read from the header, because clang's comment parser splits text at
// anything that looks like a Doxygen command or an HTML tag ("version <= given").
using System.Text;

namespace StatelessNF.BindingsGenerator;

/// <summary>Reads and cleans the comments attached to declarations.</summary>
internal sealed class DocComments
{
    private readonly Dictionary<string, byte[]?> _files = new(StringComparer.Ordinal);

    /// <summary>
    /// The comment attached to <paramref name="declaration"/>, or null. A comment above the
    /// declaration counts only when no blank line separates them, so section banners such
    /// as "/* ---- Tables ---- */" never document the declaration that follows.
    /// </summary>
    public string? For(AstNode declaration)
    {
        var comment = declaration.Children.FirstOrDefault(c => c.Kind == "FullComment");
        if (comment?.RangeBegin is not { } begin || comment.RangeEnd is not { } end)
        {
            return null;
        }
        var source = Load(begin.File);
        if (source is null || begin.Offset > source.Length)
        {
            return null;
        }

        var (rawStart, rawEnd) = FindRawComment(source, begin.Offset, Math.Min(end.Offset, source.Length));
        if (declaration.RangeBegin is { } declBegin && declBegin.File == begin.File && rawEnd <= declBegin.Offset)
        {
            int newlines = 0;
            for (int i = rawEnd; i < declBegin.Offset && i < source.Length; i++)
            {
                if (source[i] == '\n')
                {
                    newlines++;
                }
            }
            if (newlines > 1)
            {
                return null;
            }
        }

        var text = Clean(Encoding.UTF8.GetString(source, rawStart, rawEnd - rawStart));
        return text.Length == 0 ? null : text;
    }

    // clang's comment range starts just after the comment marker and ends near its end;
    // widen it to the whole comment: back to "/*" or "//", forward past "*/" or to the end
    // of the last line comment.
    private static (int Start, int End) FindRawComment(byte[] source, int begin, int end)
    {
        // Between the marker and the first text there can only be decoration: blanks, line
        // breaks ("/*\n * text"), and the '*', '!' or '<' of "/**", "/*!", "//!<".
        int i = begin;
        while (i > 0 && source[i - 1] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'
                   or (byte)'*' or (byte)'!' or (byte)'<')
        {
            i--;
        }
        bool isBlock = i > 0 && i < source.Length && source[i - 1] == '/' && source[i] == '*';
        bool isLine = !isBlock && i > 1 && source[i - 1] == '/' && source[i - 2] == '/';
        if (!isBlock && !isLine)
        {
            // Not where clang's range said; keep clang's range as it is.
            return (begin, Math.Max(begin, end));
        }

        int start = i - 1;
        while (isLine && start > 0 && source[start - 1] == '/')
        {
            start--;
        }
        if (isBlock)
        {
            for (int j = Math.Max(start + 2, end - 2); j + 1 < source.Length; j++)
            {
                if (source[j] == '*' && source[j + 1] == '/')
                {
                    return (start, j + 2);
                }
            }
            return (start, source.Length);
        }

        int stop = end;
        while (stop < source.Length && source[stop] != '\n')
        {
            stop++;
        }
        return (start, stop);
    }

    // Strips comment markers and the leading " * " decoration, removes the indentation the
    // lines share, and drops leading and trailing blank lines.
    internal static string Clean(string raw)
    {
        var lines = raw.Replace("\r\n", "\n").Split('\n').ToList();
        for (int i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (i == lines.Count - 1)
            {
                var trimmedEnd = line.TrimEnd();
                if (trimmedEnd.EndsWith("*/", StringComparison.Ordinal))
                {
                    line = trimmedEnd[..^2];
                }
            }

            var body = line.TrimStart();
            if (body.StartsWith("//", StringComparison.Ordinal))
            {
                body = body[2..].TrimStart('/', '!');
                body = body.StartsWith('<') ? body[1..] : body;
                line = body;
            }
            else if (i == 0 && body.StartsWith("/*", StringComparison.Ordinal))
            {
                body = body[2..].TrimStart('*', '!');
                body = body.StartsWith('<') ? body[1..] : body;
                line = body;
            }
            else if (body.StartsWith('*'))
            {
                line = body[1..];
            }
            lines[i] = line.TrimEnd();
        }

        while (lines.Count > 0 && lines[0].Trim().Length == 0)
        {
            lines.RemoveAt(0);
        }
        while (lines.Count > 0 && lines[^1].Trim().Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }
        if (lines.Count == 0)
        {
            return "";
        }

        int indent = lines.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return string.Join('\n', lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()));
    }

    private byte[]? Load(string file)
    {
        if (!_files.TryGetValue(file, out var content))
        {
            try
            {
                content = File.ReadAllBytes(file);
            }
            catch (IOException)
            {
                content = null;
            }
            catch (UnauthorizedAccessException)
            {
                content = null;
            }
            _files[file] = content;
        }
        return content;
    }
}
