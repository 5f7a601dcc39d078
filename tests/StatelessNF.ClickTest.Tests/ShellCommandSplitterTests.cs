// The splitting of scripts into top-level commands: a command may span lines inside quotes,
// substitutions, groups, compound commands, here-documents and after continuation operators.
using System.Linq;
using NUnit.Framework;

namespace StatelessNF.ClickTest.Tests;

public sealed class ShellCommandSplitterTests
{
    private static string[] Split(string script)
    {
        var commands = ShellCommandSplitter.Split(script, out string? error);
        Assert.That(error, Is.Null);
        return commands.Select(c => c.Text).ToArray();
    }

    [Test]
    public void OneCommandPerLine()
    {
        var commands = ShellCommandSplitter.Split("echo a\n\n  # comment\necho b\n", out _);
        Assert.That(commands.Select(c => (c.Text, c.LineOffset)), Is.EqualTo(new[] { ("echo a\n", 0), ("echo b\n", 3) }));
    }

    [Test]
    public void LastLineWithoutNewlineGetsOne()
    {
        Assert.That(Split("echo a"), Is.EqualTo(new[] { "echo a\n" }));
    }

    [Test]
    public void QuotesSpanLines()
    {
        Assert.That(Split("click -e \"\na -> b\n\" -q\necho 'x\ny'\necho next\n"),
            Is.EqualTo(new[] { "click -e \"\na -> b\n\" -q\n", "echo 'x\ny'\n", "echo next\n" }));
    }

    [Test]
    public void BackslashNewlineContinues()
    {
        Assert.That(Split("echo a \\\n  b\necho c\n"), Is.EqualTo(new[] { "echo a \\\n  b\n", "echo c\n" }));
    }

    [Test]
    public void PipesAndAndOrAtLineEndContinue()
    {
        Assert.That(Split("echo a |\n  cat\ntrue &&\n  echo b\nfalse ||\n  echo c\necho d &\necho e\n"),
            Is.EqualTo(new[] { "echo a |\n  cat\n", "true &&\n  echo b\n", "false ||\n  echo c\n", "echo d &\n", "echo e\n" }));
    }

    [Test]
    public void CompoundCommandsAreOneCommand()
    {
        string script = "if true\nthen\n  echo yes\nelse\n  echo no\nfi\nfor i in 1 2; do\n  echo $i\ndone\nwhile false; do :; done\n" +
                        "case x in\n  x) echo x;;\n  *) echo other;;\nesac\necho after\n";
        string[] commands = Split(script);
        Assert.That(commands, Has.Length.EqualTo(5));
        Assert.That(commands[0], Does.StartWith("if true").And.EndWith("fi\n"));
        Assert.That(commands[1], Does.StartWith("for i").And.EndWith("done\n"));
        Assert.That(commands[3], Does.StartWith("case x").And.EndWith("esac\n"));
        Assert.That(commands[4], Is.EqualTo("echo after\n"));
    }

    [Test]
    public void ReservedWordsCountOnlyAsCommandNames()
    {
        Assert.That(Split("echo if then fi\necho done\n"), Is.EqualTo(new[] { "echo if then fi\n", "echo done\n" }));
    }

    [Test]
    public void GroupsFunctionsAndSubshellsAreOneCommand()
    {
        string[] commands = Split("f () {\n  echo in f\n}\n( cd /tmp\n  pwd )\n{ echo a; echo b; }\necho ${HOME}\n");
        Assert.That(commands, Has.Length.EqualTo(4));
        Assert.That(commands[0], Is.EqualTo("f () {\n  echo in f\n}\n"));
        Assert.That(commands[1], Is.EqualTo("( cd /tmp\n  pwd )\n"));
        Assert.That(commands[3], Is.EqualTo("echo ${HOME}\n"));
    }

    [Test]
    public void CommandSubstitutionsSpanLines()
    {
        Assert.That(Split("x=$(echo a\necho b)\necho `echo c\necho d`\necho \"$(echo 'e\nf')\"\n"),
            Is.EqualTo(new[] { "x=$(echo a\necho b)\n", "echo `echo c\necho d`\n", "echo \"$(echo 'e\nf')\"\n" }));
    }

    [Test]
    public void HereDocumentsBelongToTheirCommand()
    {
        string[] commands = Split("cat <<EOF >out\nline one\nif\nEOF\ncat <<-'END'\n\tfi 'x\n\tEND\necho after\n");
        Assert.That(commands, Is.EqualTo(new[] { "cat <<EOF >out\nline one\nif\nEOF\n", "cat <<-'END'\n\tfi 'x\n\tEND\n", "echo after\n" }));
    }

    [Test]
    public void CommentsHideQuotesButHashInsideWordsDoesNot()
    {
        Assert.That(Split("echo a # it's a comment\necho $# b#c\n"), Is.EqualTo(new[] { "echo a # it's a comment\n", "echo $# b#c\n" }));
    }

    [Test]
    public void EscapedOperatorsDoNotContinue()
    {
        Assert.That(Split("echo \\|\necho b\n"), Is.EqualTo(new[] { "echo \\|\n", "echo b\n" }));
    }

    [TestCase("echo 'open\n", "unmatched single quote")]
    [TestCase("echo \"open\n", "unmatched double quote")]
    [TestCase("echo `open\n", "unmatched backquote")]
    [TestCase("echo $(open\n", "unmatched parenthesis")]
    public void UnclosedQuotesAreReported(string script, string error)
    {
        var commands = ShellCommandSplitter.Split(script, out string? message);
        Assert.That(message, Is.EqualTo(error));
        Assert.That(commands, Has.Count.EqualTo(1));
    }
}
