// Splits the text of a %script or %require section into top-level shell commands, so the
// runner can record which command was running when the script failed and name its line.
// A command ends at a newline that is outside quotes, parentheses, command substitutions,
// { } groups, if/case/for/while/until bodies and here-documents, and that does not follow a
// backslash, "|", "||" or "&&". Blank and comment-only lines belong to no command.
using System.Collections.Generic;

namespace StatelessNF.ClickTest;

/// <summary>A command found by <see cref="ShellCommandSplitter"/>: its text and the 0-based line (within the section) it starts on.</summary>
/// <param name="Text">The command text, ending with a newline.</param>
/// <param name="LineOffset">0-based line of the command's first line within the section text.</param>
public readonly record struct SplitCommand(string Text, int LineOffset);

/// <summary>Finds the top-level commands of a POSIX shell script.</summary>
public static class ShellCommandSplitter
{
    private enum Context { Single, Double, Backquote, DollarParen, Paren }

    private sealed record HereDocument(string Delimiter, bool StripTabs);

    /// <summary>Splits <paramref name="text"/> into commands.</summary>
    /// <param name="text">The section text.</param>
    /// <param name="error">Set to a description when a quote or parenthesis is left open; the rest of the text is then one command.</param>
    public static IReadOnlyList<SplitCommand> Split(string text, out string? error)
    {
        var scanner = new Scanner(text);
        IReadOnlyList<SplitCommand> commands = scanner.Run();
        error = scanner.Error;
        return commands;
    }

    // One pass over the text. Keeps the stack of open quoting contexts, the depth of compound
    // commands at top level, and whether the next word would be a command name (the only place
    // where reserved words like "if" and "}" count).
    private sealed class Scanner(string text)
    {
        private readonly List<SplitCommand> _commands = new();
        private readonly Stack<Context> _contexts = new();
        private readonly List<HereDocument> _pendingHereDocuments = new();
        private int _position;
        private int _line;
        private int _compoundDepth;
        private bool _atCommandPosition = true;
        private int _commandStart = -1;     // index of the start of the line holding the command's first word
        private int _commandLine;
        private int _lineStart;
        private int _lastSignificant = -1;  // index of the last code character, for "|", "||", "&&" at line end
        private bool _lastSignificantEscaped;

        public string? Error { get; private set; }

        public IReadOnlyList<SplitCommand> Run()
        {
            while (_position < text.Length)
            {
                Context? top = _contexts.Count > 0 ? _contexts.Peek() : null;
                char c = text[_position];
                switch (top)
                {
                    case Context.Single:
                        ScanSingleQuoted(c);
                        break;
                    case Context.Double:
                        ScanDoubleQuoted(c);
                        break;
                    default:
                        ScanCode(c, top);
                        break;
                }
            }
            if (_contexts.Count > 0)
            {
                Error = _contexts.Peek() switch
                {
                    Context.Single => "unmatched single quote",
                    Context.Double => "unmatched double quote",
                    Context.Backquote => "unmatched backquote",
                    _ => "unmatched parenthesis",
                };
            }
            EmitCommand(text.Length);
            return _commands;
        }

        private void ScanSingleQuoted(char c)
        {
            if (c == '\'')
                _contexts.Pop();
            Advance(c);
        }

        private void ScanDoubleQuoted(char c)
        {
            if (c == '\\' && _position + 1 < text.Length)
            {
                Advance(c);
                Advance(text[_position]);
                return;
            }
            if (c == '"')
                _contexts.Pop();
            else if (c == '`')
                _contexts.Push(Context.Backquote);
            else if (c == '$' && Next() == '(')
            {
                _contexts.Push(Context.DollarParen);
                Advance(c);
                c = text[_position];
            }
            Advance(c);
        }

        // Outside quotes: at top level (context null), inside ( ), $( ) or ` `.
        private void ScanCode(char c, Context? top)
        {
            bool topLevel = top is null;
            if (c == '\\')
            {
                if (Next() == '\n')
                {
                    Advance(c);
                    Advance('\n');
                    return;
                }
                MarkCode(_position, escaped: true);
                Advance(c);
                if (_position < text.Length)
                    Advance(text[_position]);
                _atCommandPosition = false;
                return;
            }
            if (c == '\n')
            {
                Advance(c);
                ReadPendingHereDocuments();
                if (topLevel && _compoundDepth == 0 && !EndsWithContinuationOperator())
                    EmitCommand(_position);
                if (topLevel)
                    _atCommandPosition = true;
                return;
            }
            if (BraceBlocks.IsHorizontalSpace(c))
            {
                Advance(c);
                return;
            }
            if (c == '#' && StartsWord(_position))
            {
                while (_position < text.Length && text[_position] != '\n')
                    Advance(text[_position]);
                return;
            }

            MarkCode(_position, escaped: false);
            switch (c)
            {
                case '\'':
                    _contexts.Push(Context.Single);
                    Advance(c);
                    _atCommandPosition = false;
                    return;
                case '"':
                    _contexts.Push(Context.Double);
                    Advance(c);
                    _atCommandPosition = false;
                    return;
                case '`':
                    if (top == Context.Backquote)
                        _contexts.Pop();
                    else
                        _contexts.Push(Context.Backquote);
                    Advance(c);
                    return;
                case '$' when Next() == '(':
                    _contexts.Push(Context.DollarParen);
                    Advance(c);
                    Advance('(');
                    _atCommandPosition = false;
                    return;
                case '(':
                    _contexts.Push(Context.Paren);
                    Advance(c);
                    _atCommandPosition = true;
                    return;
                case ')':
                    // At top level an unmatched ")" ends a case pattern.
                    if (top is Context.Paren or Context.DollarParen)
                        _contexts.Pop();
                    Advance(c);
                    _atCommandPosition = true;
                    return;
                case ';' or '&' or '|':
                    Advance(c);
                    _atCommandPosition = true;
                    return;
                case '<' when Next() == '<' && NextNext() == '<':
                    // A here-string ("<<<"), not a here-document.
                    Advance(c);
                    Advance('<');
                    Advance('<');
                    return;
                case '<' when Next() == '<':
                    Advance(c);
                    Advance('<');
                    ReadHereDocumentOperator();
                    return;
                case '<' or '>':
                    Advance(c);
                    return;
            }
            ReadWord(topLevel);
        }

        // A plain word. At a command position at top level, reserved words open and close
        // compound commands.
        private void ReadWord(bool topLevel)
        {
            int start = _position;
            while (_position < text.Length && !IsWordDelimiter(text[_position]))
            {
                MarkCode(_position, escaped: false);
                Advance(text[_position]);
            }
            if (_position == start)
            {
                // A character that ends words but has no role here (e.g. a stray "}" inside a word).
                Advance(text[_position]);
                return;
            }
            if (!_atCommandPosition || !topLevel)
            {
                _atCommandPosition = false;
                return;
            }
            string word = text[start.._position];
            switch (word)
            {
                case "if" or "case" or "for" or "while" or "until" or "{":
                    _compoundDepth++;
                    _atCommandPosition = word is not ("case" or "for");
                    break;
                case "fi" or "esac" or "done" or "}":
                    if (_compoundDepth > 0)
                        _compoundDepth--;
                    _atCommandPosition = false;
                    break;
                case "then" or "else" or "elif" or "do" or "!":
                    _atCommandPosition = true;
                    break;
                default:
                    _atCommandPosition = false;
                    break;
            }
        }

        // After "<<": an optional "-", blanks, then the delimiter word, whose quotes are removed.
        private void ReadHereDocumentOperator()
        {
            bool stripTabs = false;
            if (_position < text.Length && text[_position] == '-')
            {
                stripTabs = true;
                Advance('-');
            }
            while (_position < text.Length && text[_position] is ' ' or '\t')
                Advance(text[_position]);
            var delimiter = new System.Text.StringBuilder();
            char quote = '\0';
            while (_position < text.Length)
            {
                char c = text[_position];
                if (quote != '\0')
                {
                    if (c == quote)
                        quote = '\0';
                    else
                        delimiter.Append(c);
                }
                else if (c is '\'' or '"')
                {
                    quote = c;
                }
                else if (c == '\\' && _position + 1 < text.Length && text[_position + 1] != '\n')
                {
                    Advance(c);
                    delimiter.Append(text[_position]);
                }
                else if (IsWordDelimiter(c) || c == '\n')
                {
                    break;
                }
                else
                {
                    delimiter.Append(c);
                }
                MarkCode(_position, escaped: false);
                Advance(text[_position]);
            }
            if (delimiter.Length > 0)
                _pendingHereDocuments.Add(new HereDocument(delimiter.ToString(), stripTabs));
            _atCommandPosition = false;
        }

        // Just after a newline: skips the bodies of the here-documents opened on that line.
        private void ReadPendingHereDocuments()
        {
            foreach (HereDocument document in _pendingHereDocuments)
            {
                while (_position < text.Length)
                {
                    int end = text.IndexOf('\n', _position);
                    int lineEnd = end < 0 ? text.Length : end;
                    string bodyLine = text[_position..lineEnd];
                    if (document.StripTabs)
                        bodyLine = bodyLine.TrimStart('\t');
                    while (_position < lineEnd)
                        Advance(text[_position]);
                    if (_position < text.Length)
                        Advance('\n');
                    if (bodyLine == document.Delimiter)
                        break;
                }
            }
            _pendingHereDocuments.Clear();
        }

        private bool EndsWithContinuationOperator()
        {
            if (_lastSignificant < 0 || _lastSignificantEscaped)
                return false;
            char last = text[_lastSignificant];
            return last == '|' || (last == '&' && _lastSignificant > 0 && text[_lastSignificant - 1] == '&');
        }

        // Ends the current command just before index `end` (the start of the next line).
        private void EmitCommand(int end)
        {
            if (_commandStart >= 0)
            {
                string command = text[_commandStart..end];
                if (!command.EndsWith('\n'))
                    command += "\n";
                _commands.Add(new SplitCommand(command, _commandLine));
            }
            _commandStart = -1;
            _lastSignificant = -1;
        }

        private void MarkCode(int index, bool escaped)
        {
            if (_commandStart < 0)
            {
                _commandStart = _lineStart;
                _commandLine = _line;
            }
            _lastSignificant = index;
            _lastSignificantEscaped = escaped;
        }

        private bool StartsWord(int index) =>
            index == 0 || text[index - 1] is ' ' or '\t' or '\n' or ';' or '&' or '|' or '(' or ')' or '<' or '>';

        private static bool IsWordDelimiter(char c) =>
            c is ' ' or '\t' or '\n' or ';' or '&' or '|' or '(' or ')' or '<' or '>' or '\'' or '"' or '`' or '\\';

        private char Next() => _position + 1 < text.Length ? text[_position + 1] : '\0';

        private char NextNext() => _position + 2 < text.Length ? text[_position + 2] : '\0';

        private void Advance(char c)
        {
            _position++;
            if (c == '\n')
            {
                _line++;
                _lineStart = _position;
            }
        }
    }
}
