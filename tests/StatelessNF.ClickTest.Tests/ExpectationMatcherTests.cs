// The line matcher: {{regex}} blocks, {{?comments}}, -i, -w, %expectx, %expectv, alternates,
// ignore rules, subtests, and the mismatch reports.
using System.Collections.Generic;
using NUnit.Framework;

namespace StatelessNF.ClickTest.Tests;

public sealed class ExpectationMatcherTests
{
    private static readonly SourceLocation At = new("t.clicktest", 10);

    private static ExpectedOutput Plain(string text, bool ignoreCase = false, bool ignoreWhitespace = false) =>
        new("OUT", ExpectationKind.Plain, text, ignoreCase, ignoreWhitespace, At);

    private static ExpectationMismatch? Match(string actual, ExpectedOutput expected, params IgnoreRule[] rules) =>
        ExpectationMatcher.Match("OUT", actual, [expected], rules);

    private static IgnoreRule Rule(ExpectationKind kind, string pattern, string file = "all", bool ignoreCase = false, bool ignoreWhitespace = false)
    {
        IgnoreRule? rule = IgnoreRule.TryCreate(file, kind, pattern, ignoreCase, ignoreWhitespace, At, out string? error);
        Assert.That(error, Is.Null);
        return rule!;
    }

    [Test]
    public void IdenticalTextMatches()
    {
        Assert.That(Match("a\nb\n", Plain("a\nb\n")), Is.Null);
    }

    [Test]
    public void BlankLinesAndTrailingWhitespaceDoNotCount()
    {
        Assert.That(Match("\na  \n\n\nb\t\n\n", Plain("a\n\nb\n\n\n")), Is.Null);
    }

    [Test]
    public void LeadingWhitespaceCounts()
    {
        Assert.That(Match(" a\n", Plain("a\n")), Is.Not.Null);
    }

    [Test]
    public void RegexBlocksMatchPartsOfALine()
    {
        Assert.That(Match("A: 1 2.000000: 10.0.0.1\n", Plain("A: 1{{.*}}\n")), Is.Null);
        Assert.That(Match("foo\nfoobar\n", Plain("foo{{(bar)?}}\nfoo{{(bar)?}}\n")), Is.Null);
        Assert.That(Match("foobaz\n", Plain("foo{{(bar)?}}\n")), Is.Not.Null, "a block must match up to the end of the line");
    }

    [Test]
    public void TextOutsideBlocksIsLiteral()
    {
        Assert.That(Match("a.b (c)\n", Plain("a.b (c)\n")), Is.Null);
        Assert.That(Match("aXb (c)\n", Plain("a.b (c){{}}\n")), Is.Not.Null);
    }

    [Test]
    public void BlocksMayNestOneLevel()
    {
        // The inner braces belong to the regular expression, where they are literal characters.
        Assert.That(Match("a{{b}}c\n", Plain("{{a{{b}}c}}\n")), Is.Null);
        Assert.That(Match("x42\n", Plain("x{{(?:[0-9]{2})}}\n")), Is.Null);
    }

    [Test]
    public void DashIMakesOnlyRegexBlocksCaseInsensitive()
    {
        Assert.That(Match("Error: FILE\n", Plain("Error: {{file}}\n", ignoreCase: true)), Is.Null);
        Assert.That(Match("ERROR: FILE\n", Plain("Error: {{file}}\n", ignoreCase: true)), Is.Not.Null);
        Assert.That(Match("Error: FILE\n", Plain("Error: {{file}}\n")), Is.Not.Null);
    }

    [Test]
    public void DashWIgnoresWhitespaceInsideLines()
    {
        Assert.That(Match("a   b\tc\n", Plain("a b c\n", ignoreWhitespace: true)), Is.Null);
        Assert.That(Match("a b c\n", Plain("a   b c\n")), Is.Not.Null);
        Assert.That(Match("x  12\n", Plain("x {{\\d+}}\n", ignoreWhitespace: true)), Is.Null);
    }

    [Test]
    public void CommentsAreRemovedAndShownOnMismatch()
    {
        Assert.That(Match("sorted\n", Plain("sorted      {{? in the right order}}\n")), Is.Null);
        ExpectationMismatch? mismatch = Match("unsorted\n", Plain("sorted      {{? in the right order}}\n"));
        Assert.That(mismatch, Is.Not.Null);
        Assert.That(mismatch!.Comment, Is.EqualTo("in the right order"));
        Assert.That(mismatch.Expected, Is.EqualTo("sorted"));
        Assert.That(mismatch.Describe(), Does.Contain("note: in the right order"));
    }

    [Test]
    public void ExpectxLinesAreWholeRegularExpressions()
    {
        var expected = new ExpectedOutput("OUT", ExpectationKind.Regex, "[a-c]+ \\d+\nend{1,2} {{? two ds at most}}\n", false, false, At);
        Assert.That(Match("abc 42\nendd\n", expected), Is.Null);
        Assert.That(Match("abc 42\nenddd\n", expected), Is.Not.Null);
        var caseless = expected with { IgnoreCase = true };
        Assert.That(Match("ABC 1\nEND\n", caseless), Is.Null);
    }

    [Test]
    public void ExpectvWantsTheExactText()
    {
        var expected = new ExpectedOutput("OUT", ExpectationKind.Verbatim, "a  \n\nb{{.*}}\n\n", false, false, At);
        Assert.That(Match("a  \n\nb{{.*}}\n", expected), Is.Null, "only the number of final newlines may differ");
        Assert.That(Match("a\n\nb{{.*}}\n", expected), Is.Not.Null, "trailing whitespace counts");
        Assert.That(Match("a  \nb{{.*}}\n", expected), Is.Not.Null, "blank lines count");
        Assert.That(Match("a  \n\nbxyz\n", expected), Is.Not.Null, "no regex blocks");
    }

    [Test]
    public void ExpectvIgnoresNoLines()
    {
        var expected = new ExpectedOutput("OUT", ExpectationKind.Verbatim, "a\n", false, false, At);
        Assert.That(Match("noise\na\n", expected, Rule(ExpectationKind.Regex, "noise")), Is.Not.Null);
    }

    [Test]
    public void AnyAlternativeMayMatch()
    {
        var alternatives = new List<ExpectedOutput> { Plain("one\n"), Plain("two\n") with { Kind = ExpectationKind.Regex } };
        Assert.That(ExpectationMatcher.Match("OUT", "two\n", alternatives, []), Is.Null);
        ExpectationMismatch? mismatch = ExpectationMatcher.Match("OUT", "three\n", alternatives, []);
        Assert.That(mismatch, Is.Not.Null);
    }

    [Test]
    public void TheFurthestDifferenceOfTheAlternativesIsReported()
    {
        var alternatives = new List<ExpectedOutput> { Plain("x\n"), Plain("a\nb\nX\n") };
        ExpectationMismatch? mismatch = ExpectationMatcher.Match("OUT", "a\nb\nc\n", alternatives, []);
        Assert.That(mismatch!.ActualLine, Is.EqualTo(3));
        Assert.That(mismatch.Expected, Is.EqualTo("X"));
    }

    [Test]
    public void IgnoreRulesDropWholeOutputLines()
    {
        IgnoreRule plain = Rule(ExpectationKind.Plain, "expensive{{.*}}");
        IgnoreRule regex = Rule(ExpectationKind.Regex, "!.*");
        IgnoreRule literal = Rule(ExpectationKind.Verbatim, "a.b");
        Assert.That(Match("!data src\nexpensive thing\nx\na.b\n", Plain("x\n"), plain, regex, literal), Is.Null);
        Assert.That(Match("a+b\nx\n", Plain("x\n"), literal), Is.Not.Null, "%ignorev is literal");
        Assert.That(Match("pre expensive\nx\n", Plain("x\n"), plain), Is.Not.Null, "rules match whole lines");
    }

    [Test]
    public void IgnoreRuleFlags()
    {
        IgnoreRule caseless = Rule(ExpectationKind.Regex, "warning:.*", ignoreCase: true);
        Assert.That(caseless.Matches("WARNING: x"), Is.True);
        IgnoreRule spaceless = Rule(ExpectationKind.Plain, "a b {{c+}}", ignoreWhitespace: true);
        Assert.That(spaceless.Matches("a   b\tccc"), Is.True);
        Assert.That(spaceless.Matches("a b d"), Is.False);
        IgnoreRule commented = Rule(ExpectationKind.Regex, "^==.*   {{? valgrind banner}}");
        Assert.That(commented.Matches("==123== Memcheck"), Is.True);
        Assert.That(IgnoreRule.TryCreate("all", ExpectationKind.Regex, "(", false, false, At, out string? error), Is.Null);
        Assert.That(error, Does.StartWith("bad regular expression"));
    }

    [Test]
    public void RulesForOtherFilesDoNotApply()
    {
        var test = ClickTestFile.Parse("%script\ntrue\n%ignorex X\nnoise\n%expect stdout\nx\n", "t").Cases[0];
        Assert.That(test.IgnoreRulesFor("stdout"), Is.Empty);
        Assert.That(ExpectationMatcher.Match("stdout", "noise\nx\n", test.ExpectationsFor("stdout"), test.IgnoreRulesFor("stdout")), Is.Not.Null);
        Assert.That(test.IgnoreRulesFor("X"), Has.Count.EqualTo(1));
    }

    [Test]
    public void SubtestMarkersAreSkippedAndNamed()
    {
        string output = "clicktest_subtest first\na\nclicktest_subtest second\nwrong\n";
        ExpectationMismatch? mismatch = Match(output, Plain("a\nb\n"));
        Assert.That(mismatch!.Subtest, Is.EqualTo("second"));
        Assert.That(mismatch.ActualLine, Is.EqualTo(4));
        Assert.That(Match("clicktest_subtest one\na\n", Plain("a\n")), Is.Null);
    }

    [Test]
    public void MismatchNamesLinesOnBothSides()
    {
        ExpectationMismatch? mismatch = Match("a\n\nb\nc\nd\n", Plain("a\nb\nX\nd\n"));
        Assert.That(mismatch, Is.Not.Null);
        Assert.That(mismatch!.ActualLine, Is.EqualTo(4), "line numbers count blank output lines");
        Assert.That(mismatch.Expected, Is.EqualTo("X"));
        Assert.That(mismatch.Actual, Is.EqualTo("c"));
        Assert.That(mismatch.ExpectedLocation, Is.EqualTo(new SourceLocation("t.clicktest", 12)));
        Assert.That(mismatch.ExpectedFollowing, Is.EqualTo(new[] { "d" }));
        Assert.That(mismatch.ActualFollowing, Is.EqualTo(new[] { "d" }));
        string report = mismatch.Describe();
        Assert.That(report, Does.Contain("file OUT has an unexpected value at line 4"));
        Assert.That(report, Does.Contain("expected (t.clicktest:12): 'X'"));
        Assert.That(report, Does.Contain("but got OUT:4: 'c'"));
    }

    [Test]
    public void ShortOutputEndsEarly()
    {
        ExpectationMismatch? mismatch = Match("a\n", Plain("a\nb\n"));
        Assert.That(mismatch!.Actual, Is.Null);
        Assert.That(mismatch.Expected, Is.EqualTo("b"));
        Assert.That(mismatch.ActualLine, Is.EqualTo(2));
        Assert.That(mismatch.Describe(), Does.Contain("<end of file>"));
    }

    [Test]
    public void LongOutputHasExtraLines()
    {
        ExpectationMismatch? mismatch = Match("a\nextra\n", Plain("a\n"));
        Assert.That(mismatch!.Expected, Is.Null);
        Assert.That(mismatch.Actual, Is.EqualTo("extra"));
        Assert.That(mismatch.ExpectedLocation, Is.Null);
    }

    [Test]
    public void InvalidRegexIsAProblemNotACrash()
    {
        ExpectationMismatch? mismatch = Match("a(\n", Plain("a{{(}}\n"));
        Assert.That(mismatch!.Problem, Does.StartWith("invalid regular expression"));
    }

    [Test]
    public void ControlCharactersAreShownEscaped()
    {
        Assert.That(ExpectationMismatch.Show("a\u0001\u00ff"), Is.EqualTo("'a\\x01\\xff'"));
        Assert.That(ExpectationMismatch.Show(null), Is.EqualTo("<end of file>"));
    }

    [Test]
    public void BraceBlocksSplitAsDocumented()
    {
        Assert.That(BraceBlocks.Split("before{{middle}}after"),
            Is.EqualTo(new[] { new BraceSegment("before", false), new BraceSegment("middle", true), new BraceSegment("after", false) }));
        Assert.That(BraceBlocks.Split("b{{m1{{m2}}m3}}a")[1].Text, Is.EqualTo("m1{{m2}}m3"));
        Assert.That(BraceBlocks.Split("}}x{{y}}")[0].Text, Is.EqualTo("}}x"));
        Assert.That(BraceBlocks.HasBlock("{{ unclosed"), Is.False);
        Assert.That(BraceBlocks.HasBlock("{{1{{2{{3}}2}}1}}"), Is.False, "only one nested level");
        Assert.That(BraceBlocks.HasBlock("{{}}"), Is.True);
    }
}
