// The parser: every section, its flags and defaults, escaping, +LENGTH, Base64, %include,
// %eot/%eof, and the errors that make a test fail before running.
using System;
using System.IO;
using System.Linq;
using System.Text;
using NUnit.Framework;
using StatelessNF.ClickTest.Tests.Support;

namespace StatelessNF.ClickTest.Tests;

public sealed class ClickTestFileTests
{
    [Test]
    public void ReadsInfoScriptAndCommandLines()
    {
        ClickTestCase test = Inline.Parse("""
            %info
            Says hello.

            %script
            echo hello

            printf 'a\n' \
              'b\n'
            %stdout
            hello
            """);
        Assert.That(test.Name, Is.EqualTo(Inline.FileName));
        Assert.That(test.Info, Does.Contain("Says hello."));
        Assert.That(test.Script.Select(c => c.Text), Is.EqualTo(new[] { "echo hello\n", "printf 'a\\n' \\\n  'b\\n'\n" }));
        Assert.That(test.Script.Select(c => c.Location.Line), Is.EqualTo(new[] { 5, 7 }));
        Assert.That(test.HasErrors, Is.False);
    }

    [Test]
    public void CommandsSpanQuotedNewlines()
    {
        ClickTestCase test = Inline.Parse("""
            %script
            $VALGRIND click -e "
            a :: Idle;
            " -q
            echo done
            """);
        Assert.That(test.Script, Has.Count.EqualTo(2));
        Assert.That(test.Script[0].Text, Does.StartWith("$VALGRIND click -e \"").And.EndWith("\" -q\n"));
        Assert.That(test.Script[1].Location, Is.EqualTo(new SourceLocation(Inline.FileName, 5)));
    }

    [Test]
    public void FileSectionsWriteInputsAndStandardInput()
    {
        ClickTestCase test = Inline.Parse("""
            %script
            cat
            %file IN sub/dir/IN2
            one
            two
            %stdin
            typed
            """);
        Assert.That(test.InputFiles.Select(f => f.Name), Is.EqualTo(new[] { "IN", "sub/dir/IN2" }));
        Assert.That(test.InputFiles[0].Contents, Is.EqualTo("one\ntwo\n"));
        Assert.That(test.InputFiles[1].Contents, Is.EqualTo("one\ntwo\n"));
        Assert.That(test.StandardInput, Is.EqualTo("typed"));
    }

    [Test]
    public void FileWithoutNameIsStandardInput()
    {
        ClickTestCase test = Inline.Parse("%script\ncat\n%file\nfrom file section\n");
        Assert.That(test.StandardInput, Is.EqualTo("from file section\n"));
        Assert.That(test.InputFiles, Is.Empty);
    }

    [Test]
    public void BackslashPercentStartsATextLineWithPercent()
    {
        ClickTestCase test = Inline.Parse("%script\ncat F\n%file F\n\\%not a section\nline\n%expect stdout\n\\%not a section\nline\n");
        Assert.That(test.InputFiles[0].Contents, Is.EqualTo("%not a section\nline\n"));
        Assert.That(test.Expectations[0].Text, Is.EqualTo("%not a section\nline\n"));
    }

    [Test]
    public void DashDDeletesTheFirstCharacterOfEachLine()
    {
        ClickTestCase test = Inline.Parse("%script\ncat F\n%file -d F\n %section-like\n xy\n\n%expect -d stdout\n>%section-like\n");
        Assert.That(test.InputFiles[0].Contents, Is.EqualTo("%section-like\nxy\n\n"));
        Assert.That(test.Expectations[0].Text, Is.EqualTo("%section-like\n"));
    }

    [Test]
    public void PlusLengthTakesExactlyThatManyBytes()
    {
        ClickTestCase test = Inline.Parse("%script\ncat BIN\n%file +5 BIN\nab\n%cdEXTRA\n%expect stdout\nab\n");
        Assert.That(test.InputFiles[0].Contents, Is.EqualTo("ab\n%c"));
        Assert.That(test.Diagnostics.Where(d => d.IsError), Is.Empty);
        Assert.That(test.Diagnostics.Select(d => d.Message), Has.Some.EqualTo("garbage ignored"), "the rest of the cut line is read as a line of its own");
        Assert.That(test.Expectations.Single().Text, Is.EqualTo("ab\n"));
    }

    [Test]
    public void PlusLengthPastTheEndIsAnError()
    {
        ClickTestCase test = Inline.Parse("%script\ntrue\n%file +100 F\nshort\n");
        Assert.That(test.HasErrors, Is.True);
        Assert.That(test.Diagnostics.Single().Message, Does.StartWith("file too short"));
    }

    [Test]
    public void DashEDecodesBase64AndMakesExpectationsVerbatim()
    {
        string encoded = Convert.ToBase64String(new byte[] { 0, 1, 0xff, (byte)'\n' });
        ClickTestCase test = Inline.Parse($"%script\ntrue\n%file -e BIN\n{encoded}\n%expect -e OUT\n{encoded}\n");
        Assert.That(ClickTestFile.ByteEncoding.GetBytes(test.InputFiles[0].Contents), Is.EqualTo(new byte[] { 0, 1, 0xff, (byte)'\n' }));
        Assert.That(test.Expectations[0].Kind, Is.EqualTo(ExpectationKind.Verbatim));
    }

    [Test]
    public void BadBase64IsAnError()
    {
        ClickTestCase test = Inline.Parse("%script\ntrue\n%file -e BIN\nnot base64!\n");
        Assert.That(test.HasErrors, Is.True);
    }

    [Test]
    public void ExpectationSectionsAndTheirFlags()
    {
        ClickTestCase test = Inline.Parse("""
            %script
            true
            %expect -i -w OUT
            a
            %expectv ERRLOG
            b
            %expectx OUT2
            c.*
            %stdout -a
            d
            %stderr
            e
            %expect
            f
            """);
        var kinds = test.Expectations.Select(e => (e.FileName, e.Kind, e.IgnoreCase, e.IgnoreWhitespace)).ToList();
        Assert.That(kinds, Is.EqualTo(new[]
        {
            ("OUT", ExpectationKind.Plain, true, true),
            ("ERRLOG", ExpectationKind.Verbatim, false, false),
            ("OUT2", ExpectationKind.Regex, false, false),
            ("stdout", ExpectationKind.Plain, false, false),
            ("stderr", ExpectationKind.Plain, false, false),
        }));
        Assert.That(test.HasErrors, Is.True, "the last %expect names stdout again without -a");
        Assert.That(test.ExpectedFileNames, Is.EqualTo(new[] { "OUT", "ERRLOG", "OUT2", "stdout", "stderr" }));
        Assert.That(test.Expectations[0].FirstLine, Is.EqualTo(new SourceLocation(Inline.FileName, 4)));
    }

    [Test]
    public void ClusteredFlagsAreRead()
    {
        ClickTestCase test = Inline.Parse("%script\ntrue\n%expect -aiw OUT\nx\n");
        ExpectedOutput expected = test.Expectations.Single();
        Assert.That(expected.IgnoreCase && expected.IgnoreWhitespace, Is.True);
        Assert.That(test.HasErrors, Is.False);
    }

    [Test]
    public void AlternativesNeedDashA()
    {
        ClickTestCase test = Inline.Parse("%script\ntrue\n%expect OUT\nx\n%expect -a OUT\ny\n");
        Assert.That(test.HasErrors, Is.False);
        Assert.That(test.ExpectationsFor("OUT"), Has.Count.EqualTo(2));

        ClickTestCase duplicate = Inline.Parse("%script\ntrue\n%expect OUT\nx\n%expect OUT\ny\n");
        Assert.That(duplicate.Diagnostics.Single().Message, Does.Contain("already defined"));
    }

    [TestCase("%file -i F", "'%file -i' is not allowed")]
    [TestCase("%file -a F", "'%file -a' is not allowed")]
    [TestCase("%expectv -w OUT", "'%expectv -w' is not allowed")]
    [TestCase("%expectv -i OUT", "'%expectv -i' is not allowed")]
    [TestCase("%expectx -e OUT", "'%expectx -e' is not allowed")]
    [TestCase("%ignorex -a", "'%ignorex -a' is not allowed")]
    [TestCase("%file stdout", "'stdout' is not meaningful for '%file'")]
    [TestCase("%expect stdin", "'stdin' is not meaningful for '%expect'")]
    [TestCase("%expect all", "'all' is not meaningful for '%expect'")]
    [TestCase("%file ../escape", "bad file name '%file ../escape'")]
    [TestCase("%file /etc/passwd", "bad file name '%file /etc/passwd'")]
    [TestCase("%file a//b", "bad file name '%file a//b'")]
    [TestCase("%file dir/", "bad file name '%file dir/'")]
    [TestCase("%file ..", "bad file name '%file ..'")]
    [TestCase("%file a$b", "bad file name '%file a$b'")]
    [TestCase("%stdout OUT", "file names after '%stdout' are not allowed")]
    public void BadSectionArgumentsAreErrors(string header, string message)
    {
        ClickTestCase test = Inline.Parse($"%script\ntrue\n{header}\nx\n");
        Assert.That(test.HasErrors, Is.True);
        Assert.That(test.Diagnostics.Select(d => d.Message), Has.Some.EqualTo(message));
        Assert.That(test.Diagnostics.First(d => d.Message == message).Location.Line, Is.EqualTo(3));
    }

    [Test]
    public void DuplicateInputFilesAreErrors()
    {
        ClickTestCase test = Inline.Parse("%script\ntrue\n%file F\nx\n%file F\ny\n%stdin\na\n%file stdin\nb\n");
        Assert.That(test.Diagnostics.Select(d => d.Message), Is.EquivalentTo(new[] { "'%file F' already defined", "'%file stdin' already defined" }));
    }

    [Test]
    public void IgnoreSectionsMakeRulesForNamedFilesOrAll()
    {
        ClickTestCase test = Inline.Parse("""
            %script
            true
            %ignore
            noise{{.*}}

            %ignorex OUT
            !.*
            %ignorev -i OUT2
            A.B
            """);
        Assert.That(test.IgnoreRules.Select(r => r.FileName), Is.EqualTo(new[] { "all", "OUT", "OUT2" }));
        Assert.That(test.IgnoreRulesFor("OUT"), Has.Count.EqualTo(2));
        Assert.That(test.IgnoreRulesFor("stdout"), Has.Count.EqualTo(1));
        Assert.That(test.IgnoreRules[0].Matches("noise and more"), Is.True);
        Assert.That(test.IgnoreRules[1].Matches("!data src"), Is.True);
        Assert.That(test.IgnoreRules[2].Matches("a.b"), Is.True);
        Assert.That(test.IgnoreRules[2].Matches("aXb"), Is.False, "%ignorev is literal");
    }

    [Test]
    public void BadIgnoreRegexIsAnError()
    {
        ClickTestCase test = Inline.Parse("%script\ntrue\n%ignorex\n(unclosed\n");
        Assert.That(test.HasErrors, Is.True);
        Assert.That(test.Diagnostics.Single().Location.Line, Is.EqualTo(4));
    }

    [Test]
    public void RequireSectionsAndTheQuietFlag()
    {
        ClickTestCase test = Inline.Parse("%require\ntest -x /bin/sh\n%require -q\nfalse\n%script\ntrue\n");
        Assert.That(test.Requirements.Select(r => (r.Text, r.Quiet)), Is.EqualTo(new[] { ("test -x /bin/sh\n", false), ("false\n", true) }));
    }

    [Test]
    public void ArgumentsToScriptAreWarnings()
    {
        ClickTestCase test = Inline.Parse("%script -x\ntrue\n");
        ParseDiagnostic warning = test.Diagnostics.Single();
        Assert.That(warning.IsError, Is.False);
        Assert.That(warning.ToString(), Is.EqualTo("inline.clicktest:1: warning: arguments to '%script' ignored"));
    }

    [Test]
    public void TextBeforeTheFirstSection()
    {
        ClickTestCase comments = Inline.Parse("# comment\n! also\n\n%script\ntrue\n");
        Assert.That(comments.Diagnostics, Is.Empty);
        ClickTestCase garbage = Inline.Parse("stray text\nmore\n%script\ntrue\n");
        Assert.That(garbage.Diagnostics.Single().Message, Is.EqualTo("garbage ignored"));
        Assert.That(garbage.HasErrors, Is.False);
    }

    [Test]
    public void UnknownSectionsAndMissingScriptAreErrors()
    {
        ClickTestCase unknown = Inline.Parse("%script\ntrue\n%frobnicate\nbody\n%expect\nx\n");
        Assert.That(unknown.Diagnostics.Single().Message, Is.EqualTo("unrecognized command 'frobnicate'"));
        Assert.That(unknown.Expectations, Has.Count.EqualTo(1), "the unknown section's body is skipped, not misread");

        ClickTestCase noScript = Inline.Parse("%info\nnothing to run\n");
        Assert.That(noScript.Diagnostics.Single().Message, Is.EqualTo("no %script section"));
    }

    [Test]
    public void UnmatchedQuoteInScriptIsAnError()
    {
        ClickTestCase test = Inline.Parse("%script\necho 'open\n");
        Assert.That(test.Diagnostics.Single().Message, Is.EqualTo("unmatched single quote in '%script'"));
    }

    [Test]
    public void EmptyFileHoldsNoTest()
    {
        ClickTestFile file = ClickTestFile.Parse("", "empty.clicktest");
        Assert.That(file.Cases, Is.Empty);
        Assert.That(file.Diagnostics.Single().IsError, Is.True);
    }

    [Test]
    public void EotSeparatesTestsAndEofEndsTheFile()
    {
        ClickTestFile file = ClickTestFile.Parse("""
            %script
            echo one
            %eot
            %script
            echo two
            %stdout
            two
            %eot
            %script
            echo three
            %eof
            %script
            echo never
            """, "multi.clicktest");
        Assert.That(file.Cases.Select(c => c.Name), Is.EqualTo(new[] { "multi.clicktest", "multi.clicktest<2>", "multi.clicktest<3>" }));
        Assert.That(file.Cases[0].Expectations, Is.Empty, "a test after %eot starts afresh");
        Assert.That(file.Cases[1].Expectations, Has.Count.EqualTo(1));
        Assert.That(file.Cases[2].Script.Single().Text, Is.EqualTo("echo three\n"));
    }

    [Test]
    public void TrailingEotAddsNoTest()
    {
        ClickTestFile file = ClickTestFile.Parse("%script\ntrue\n%eot\n\n", "t.clicktest");
        Assert.That(file.Cases, Has.Count.EqualTo(1));
    }

    [Test]
    public void IncludeSplicesAnotherFileRelativeToTheIncludingOne()
    {
        string folder = Inline.ScratchDirectory();
        try
        {
            File.WriteAllText(Path.Combine(folder, "common.inc"), "%file SHARED\nshared data\n");
            string testPath = Path.Combine(folder, "t.clicktest");
            File.WriteAllText(testPath, "%script\ncat SHARED\n%include common.inc\n%stdout\nshared data\n");
            ClickTestFile file = ClickTestFile.Load(testPath);
            ClickTestCase test = file.Cases.Single();
            Assert.That(test.Diagnostics, Is.Empty);
            Assert.That(test.InputFiles.Single().Contents, Is.EqualTo("shared data\n"));
            Assert.That(test.Expectations.Single().Text, Is.EqualTo("shared data\n"));
            Assert.That(test.Directory, Is.EqualTo(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void IncludeCyclesAndMissingFilesAreErrors()
    {
        string folder = Inline.ScratchDirectory();
        try
        {
            string loop = Path.Combine(folder, "loop.clicktest");
            File.WriteAllText(loop, "%script\ntrue\n%include loop.clicktest\n");
            ClickTestCase test = ClickTestFile.Load(loop).Cases.Single();
            Assert.That(test.Diagnostics.Select(d => d.Message), Has.Some.Contains("%include directives"));

            ClickTestCase missing = ClickTestFile.Parse("%script\ntrue\n%include nowhere.inc\n", "m.clicktest", folder).Cases.Single();
            Assert.That(missing.Diagnostics.Single().Message, Does.StartWith("%include nowhere.inc:"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void AFileThatCannotBeReadGivesADiagnostic()
    {
        ClickTestFile file = ClickTestFile.Load("/nonexistent/x.clicktest");
        Assert.That(file.Cases, Is.Empty);
        Assert.That(file.Diagnostics.Single().Message, Does.StartWith("cannot read test file"));
    }

    [Test]
    public void BytesAboveAsciiSurviveParsing()
    {
        byte[] bytes = Encoding.UTF8.GetBytes("%script\ncat F\n%file F\nh\u00e9\u2192\n");
        ClickTestFile file = ClickTestFile.Parse(ClickTestFile.ByteEncoding.GetString(bytes), "u.clicktest");
        string contents = file.Cases.Single().InputFiles.Single().Contents;
        Assert.That(Encoding.UTF8.GetString(ClickTestFile.ByteEncoding.GetBytes(contents)), Is.EqualTo("h\u00e9\u2192\n"));
    }
}
