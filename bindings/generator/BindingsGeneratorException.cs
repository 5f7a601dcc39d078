// The one exception the generator reports to its user: bad options, a header clang
// rejects, or declarations that cannot cross the C#/C boundary. Its message is meant to
// be printed as is; anything else escaping the generator is a bug in the generator.
namespace StatelessNF.BindingsGenerator;

/// <summary>A problem with the input or the environment, with a message for the user.</summary>
public sealed class BindingsGeneratorException : Exception
{
    public BindingsGeneratorException(string message)
        : base(message)
    {
    }

    public BindingsGeneratorException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
