// Parses the type spellings clang prints in its JSON AST ("qualType") into the CType
// model. Parameters and fields carry only that string, so the generator reads types from
// it rather than from clang's type nodes; the spelling keeps typedef names (uint64_t,
// snf_completion_fn), which is exactly what the C# mapping needs.
namespace StatelessNF.BindingsGenerator;

/// <summary>Raised when a type spelling cannot be parsed.</summary>
internal sealed class CTypeParseException(string message) : Exception(message);

/// <summary>A recursive-descent parser for C abstract declarators as clang prints them.</summary>
internal sealed class CTypeParser
{
    private static readonly HashSet<string> Qualifiers = new(StringComparer.Ordinal)
    {
        "const", "volatile", "restrict", "__restrict", "__restrict__",
        "_Nonnull", "_Nullable", "_Null_unspecified", "_Nullable_result", "__unaligned",
    };

    private static readonly HashSet<string> BuiltinWords = new(StringComparer.Ordinal)
    {
        "void", "_Bool", "bool", "char", "short", "int", "long", "signed", "unsigned",
        "float", "double", "__int128",
    };

    // Prefix of the single token standing for clang's "(unnamed struct at FILE:L:C)".
    private const char UnnamedMarker = '#';

    private readonly string _spelling;
    private readonly List<string> _tokens;
    private int _position;

    private CTypeParser(string spelling)
    {
        _spelling = spelling;
        _tokens = Tokenize(spelling);
    }

    /// <summary>Parses a complete type spelling such as <c>const char *</c>.</summary>
    public static CType Parse(string spelling)
    {
        if (spelling.Contains("__attribute__", StringComparison.Ordinal))
        {
            return new CUnsupportedType(spelling, "a type with attributes (vector or similar types)");
        }

        var parser = new CTypeParser(spelling);
        var type = parser.ParseTypeName();
        if (parser._position != parser._tokens.Count)
        {
            throw parser.Error($"unexpected '{parser._tokens[parser._position]}'");
        }
        return type;
    }

    private CType ParseTypeName()
    {
        var baseType = ParseSpecifiers();
        return ParseDeclarator(baseType);
    }

    private CType ParseSpecifiers()
    {
        CType? named = null;
        var words = new List<string>();
        while (_position < _tokens.Count && (IsIdentifier(_tokens[_position]) || IsUnnamed(_tokens[_position])))
        {
            var word = _tokens[_position];
            if (IsUnnamed(word))
            {
                // "struct (unnamed struct at h.h:3:9)": a type declared inline, which C# cannot name.
                named = new CUnsupportedType(word[1..],
                    $"{word[1..]} is an unnamed type declared inline; give it a tag or a typedef name");
                _position++;
                continue;
            }
            if (Qualifiers.Contains(word))
            {
                _position++;
                continue;
            }
            if (word is "_Complex" or "_Atomic" or "_Imaginary")
            {
                throw Error($"'{word}' types are not supported");
            }
            if (word is "struct" or "union" or "enum")
            {
                if (named is not null || words.Count > 0)
                {
                    throw Error($"unexpected '{word}'");
                }
                _position++;
                if (_position < _tokens.Count && IsUnnamed(_tokens[_position]))
                {
                    continue;
                }
                if (_position >= _tokens.Count || !IsIdentifier(_tokens[_position]))
                {
                    throw Error($"'{word}' without a name");
                }
                var kind = word switch
                {
                    "struct" => CTagKind.Struct,
                    "union" => CTagKind.Union,
                    _ => CTagKind.Enum,
                };
                named = new CTagType(kind, _tokens[_position]);
                _position++;
                continue;
            }
            if (BuiltinWords.Contains(word))
            {
                if (named is not null)
                {
                    throw Error($"unexpected '{word}'");
                }
                words.Add(word);
                _position++;
                continue;
            }
            if (named is not null || words.Count > 0)
            {
                // A second name after the type: clang never prints declarator names here.
                throw Error($"unexpected '{word}'");
            }
            named = new CTypedefName(word);
            _position++;
        }

        if (named is not null)
        {
            return named;
        }
        if (words.Count == 0)
        {
            throw Error("missing type specifier");
        }
        return new CBuiltinType(BuiltinKindOf(words));
    }

    private CBuiltinKind BuiltinKindOf(List<string> words)
    {
        int longs = words.Count(w => w == "long");
        bool isUnsigned = words.Contains("unsigned");
        bool isSigned = words.Contains("signed");
        bool Has(string w) => words.Contains(w);

        if (Has("void")) return CBuiltinKind.Void;
        if (Has("_Bool") || Has("bool")) return CBuiltinKind.Bool;
        if (Has("float")) return CBuiltinKind.Float;
        if (Has("double")) return longs > 0 ? CBuiltinKind.LongDouble : CBuiltinKind.Double;
        if (Has("__int128")) return isUnsigned ? CBuiltinKind.UnsignedInt128 : CBuiltinKind.Int128;
        if (Has("char"))
        {
            if (isUnsigned) return CBuiltinKind.UnsignedChar;
            return isSigned ? CBuiltinKind.SignedChar : CBuiltinKind.Char;
        }
        if (Has("short")) return isUnsigned ? CBuiltinKind.UnsignedShort : CBuiltinKind.Short;
        return longs switch
        {
            0 => isUnsigned ? CBuiltinKind.UnsignedInt : CBuiltinKind.Int,
            1 => isUnsigned ? CBuiltinKind.UnsignedLong : CBuiltinKind.Long,
            2 => isUnsigned ? CBuiltinKind.UnsignedLongLong : CBuiltinKind.LongLong,
            _ => throw Error("too many 'long'"),
        };
    }

    // Declarators read inside out: pointers bind looser than the array/function suffixes,
    // and a parenthesised inner declarator applies to what the suffixes after it built.
    private CType ParseDeclarator(CType baseType)
    {
        var type = baseType;
        while (Peek("*"))
        {
            _position++;
            SkipQualifiers();
            type = new CPointerType(type);
        }

        if (Peek("(") && _position + 1 < _tokens.Count && _tokens[_position + 1] is "*" or "(" or "^")
        {
            if (_tokens[_position + 1] == "^")
            {
                throw Error("block pointers are not supported");
            }
            _position++;
            int innerStart = _position;
            SkipBalanced();
            type = ParseSuffixes(type);
            int afterSuffixes = _position;
            _position = innerStart;
            type = ParseDeclarator(type);
            Expect(")");
            _position = afterSuffixes;
            return type;
        }

        return ParseSuffixes(type);
    }

    private CType ParseSuffixes(CType type)
    {
        var suffixes = new List<Func<CType, CType>>();
        while (true)
        {
            if (Peek("["))
            {
                _position++;
                long? length = null;
                while (!Peek("]"))
                {
                    if (_position >= _tokens.Count)
                    {
                        throw Error("unterminated '['");
                    }
                    var token = _tokens[_position++];
                    if (char.IsAsciiDigit(token[0]))
                    {
                        if (!long.TryParse(token, System.Globalization.NumberStyles.None,
                                System.Globalization.CultureInfo.InvariantCulture, out var n))
                        {
                            throw Error($"bad array length '{token}'");
                        }
                        length = n;
                    }
                }
                _position++;
                var captured = length;
                suffixes.Add(element => new CArrayType(element, captured));
            }
            else if (Peek("("))
            {
                var (parameters, variadic, prototyped) = ParseParameterList();
                suffixes.Add(ret => new CFunctionType(ret, parameters, variadic, prototyped));
            }
            else
            {
                break;
            }
        }

        for (int i = suffixes.Count - 1; i >= 0; i--)
        {
            type = suffixes[i](type);
        }
        return type;
    }

    private (IReadOnlyList<CType> Parameters, bool IsVariadic, bool HasPrototype) ParseParameterList()
    {
        Expect("(");
        if (Peek(")"))
        {
            _position++;
            return ([], false, false);
        }
        if (Peek("void") && _position + 1 < _tokens.Count && _tokens[_position + 1] == ")")
        {
            _position += 2;
            return ([], false, true);
        }

        var parameters = new List<CType>();
        bool variadic = false;
        while (true)
        {
            if (Peek("..."))
            {
                _position++;
                variadic = true;
                Expect(")");
                break;
            }
            parameters.Add(ParseTypeName());
            if (Peek(","))
            {
                _position++;
                continue;
            }
            Expect(")");
            break;
        }
        return (parameters, variadic, true);
    }

    private void SkipQualifiers()
    {
        while (_position < _tokens.Count && Qualifiers.Contains(_tokens[_position]))
        {
            _position++;
        }
    }

    // Moves past the tokens up to and including the ')' that closes an already consumed '('.
    private void SkipBalanced()
    {
        int depth = 1;
        while (_position < _tokens.Count)
        {
            var token = _tokens[_position++];
            if (token == "(")
            {
                depth++;
            }
            else if (token == ")" && --depth == 0)
            {
                return;
            }
        }
        throw Error("unbalanced parentheses");
    }

    private bool Peek(string token) => _position < _tokens.Count && _tokens[_position] == token;

    private void Expect(string token)
    {
        if (!Peek(token))
        {
            var found = _position < _tokens.Count ? $"'{_tokens[_position]}'" : "the end";
            throw Error($"expected '{token}' but found {found}");
        }
        _position++;
    }

    private CTypeParseException Error(string what) =>
        new($"cannot read the type '{_spelling}': {what}");

    private static bool IsIdentifier(string token) => char.IsAsciiLetter(token[0]) || token[0] == '_';

    private static bool IsUnnamed(string token) => token[0] == UnnamedMarker;

    private static List<string> Tokenize(string spelling)
    {
        var tokens = new List<string>();
        int i = 0;
        while (i < spelling.Length)
        {
            char c = spelling[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (char.IsAsciiLetterOrDigit(c) || c == '_')
            {
                int start = i;
                while (i < spelling.Length && (char.IsAsciiLetterOrDigit(spelling[i]) || spelling[i] == '_'))
                {
                    i++;
                }
                tokens.Add(spelling[start..i]);
            }
            else if (c == '(' && (spelling.AsSpan(i).StartsWith("(unnamed") || spelling.AsSpan(i).StartsWith("(anonymous")))
            {
                // clang's placeholder for an unnamed tag, with its source position; one token.
                int close = spelling.IndexOf(')', i);
                if (close < 0)
                {
                    throw new CTypeParseException($"cannot read the type '{spelling}': unbalanced parentheses");
                }
                tokens.Add(UnnamedMarker + spelling[i..(close + 1)]);
                i = close + 1;
            }
            else if (spelling.AsSpan(i).StartsWith("..."))
            {
                tokens.Add("...");
                i += 3;
            }
            else if (c is '*' or '(' or ')' or '[' or ']' or ',' or '^')
            {
                tokens.Add(c.ToString());
                i++;
            }
            else
            {
                throw new CTypeParseException($"cannot read the type '{spelling}': unexpected '{c}'");
            }
        }
        return tokens;
    }
}
