// C# spelling rules the emitter needs: C names are kept verbatim, so the only changes are
// '@' in front of C# keywords (a C parameter called "params" or "event"), and XML escaping
// of comment text copied into doc comments.
using System.Text;

namespace StatelessNF.BindingsGenerator;

/// <summary>Identifier and documentation spelling for generated C#.</summary>
internal static class CSharpNames
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked",
        "class", "const", "continue", "decimal", "default", "delegate", "do", "double", "else",
        "enum", "event", "explicit", "extern", "false", "finally", "fixed", "float", "for",
        "foreach", "goto", "if", "implicit", "in", "int", "interface", "internal", "is", "lock",
        "long", "namespace", "new", "null", "object", "operator", "out", "override", "params",
        "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed",
        "short", "sizeof", "stackalloc", "static", "string", "struct", "switch", "this",
        "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe", "ushort",
        "using", "virtual", "void", "volatile", "while",
    };

    /// <summary>The C name, prefixed with '@' when it is a C# keyword.</summary>
    public static string Identifier(string name) => Keywords.Contains(name) ? "@" + name : name;

    /// <summary>True for a valid C# identifier (ASCII letters, digits and '_').</summary>
    public static bool IsIdentifier(string name) =>
        name.Length > 0 &&
        (char.IsAsciiLetter(name[0]) || name[0] == '_') &&
        name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') &&
        !Keywords.Contains(name);

    /// <summary>
    /// True for names made only of lower-case ASCII letters, which C# reserves for future
    /// keywords and warns about (CS8981) when used as type names.
    /// </summary>
    public static bool IsReservedLowercase(string name) => name.All(char.IsAsciiLetterLower);

    /// <summary>Escapes text for an XML doc comment element.</summary>
    public static string XmlEscape(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                _ => c.ToString(),
            });
        }
        return builder.ToString();
    }
}
