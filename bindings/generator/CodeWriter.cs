// A small text builder for generated C#: four-space indentation, LF line endings whatever
// the platform, no trailing whitespace, so the output is byte-for-byte reproducible.
using System.Text;

namespace StatelessNF.BindingsGenerator;

/// <summary>Accumulates indented lines of source text.</summary>
internal sealed class CodeWriter
{
    private readonly StringBuilder _text = new();
    private int _depth;

    /// <summary>Writes one line at the current indentation; an empty line stays empty.</summary>
    public void Line(string line = "")
    {
        if (line.Length > 0)
        {
            _text.Append(' ', _depth * 4).Append(line.TrimEnd());
        }
        _text.Append('\n');
    }

    /// <summary>Writes "{", indents until the returned scope is disposed, then writes the closer.</summary>
    public IDisposable Block(string closer = "}")
    {
        Line("{");
        _depth++;
        return new Scope(this, closer);
    }

    /// <summary>Writes a doc comment: one line when the text is one line, else a block.</summary>
    public void Summary(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }
        var lines = text.Split('\n');
        if (lines.Length == 1)
        {
            Line($"/// <summary>{CSharpNames.XmlEscape(lines[0])}</summary>");
            return;
        }
        Line("/// <summary>");
        foreach (var line in lines)
        {
            Line(line.Length == 0 ? "///" : "/// " + CSharpNames.XmlEscape(line));
        }
        Line("/// </summary>");
    }

    public override string ToString() => _text.ToString();

    private sealed class Scope(CodeWriter writer, string closer) : IDisposable
    {
        private bool _closed;

        public void Dispose()
        {
            if (_closed)
            {
                return;
            }
            _closed = true;
            writer._depth--;
            writer.Line(closer);
        }
    }
}
