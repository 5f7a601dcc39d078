// Recognizes, in what a router wrote, the errors that mean snf-click lacks an element
// class a test uses: "unknown element class 'X'" (a declaration "x :: X"), and
// "undeclared element 'X'" (an anonymous use "X(...)", which the configuration language
// cannot tell from a misspelt element name, so callers confirm it with ElementClassProbe).
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace StatelessNF.ClickTest;

/// <summary>Finds element class names in router error messages.</summary>
public static class ElementClassDiagnostics
{
    private static readonly Regex UnknownClass = new(@"unknown element class '([^'\n]+)'", RegexOptions.CultureInvariant);
    private static readonly Regex UndeclaredElement = new(@"undeclared element '([^'\n]+)'", RegexOptions.CultureInvariant);
    private static readonly Regex ClassName = new(@"\A[A-Za-z_][A-Za-z0-9_@/]*\z", RegexOptions.CultureInvariant);

    /// <summary>The class names of "unknown element class" errors in <paramref name="text"/>, each once, in order.</summary>
    public static IReadOnlyList<string> UnknownClasses(string text) => Names(UnknownClass, text);

    /// <summary>The names of "undeclared element" errors in <paramref name="text"/> that could be class names, each once, in order.</summary>
    public static IReadOnlyList<string> UndeclaredElements(string text) =>
        Names(UndeclaredElement, text).Where(IsClassName).ToList();

    /// <summary>True when <paramref name="name"/> has the form of an element class name.</summary>
    public static bool IsClassName(string name) => ClassName.IsMatch(name);

    private static IReadOnlyList<string> Names(Regex pattern, string text) =>
        pattern.Matches(text).Select(m => m.Groups[1].Value).Distinct().ToList();
}
