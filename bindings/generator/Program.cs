// Command-line entry point: parses arguments, runs the generator, prints what happened.
// Exit codes: 0 written, unchanged or up to date; 1 --check found the file out of date;
// 2 usage error or a header that cannot be bound.
using StatelessNF.BindingsGenerator;

const int Success = 0;
const int OutOfDate = 1;
const int Failure = 2;

GeneratorOptions? options;
try
{
    options = CommandLine.Parse(args);
}
catch (BindingsGeneratorException e)
{
    Console.Error.WriteLine($"bindings generator: {e.Message}");
    Console.Error.WriteLine(CommandLine.Usage);
    return Failure;
}
if (options is null)
{
    Console.WriteLine(CommandLine.Usage);
    return Success;
}

GenerationResult result;
try
{
    result = BindingGenerator.Run(options);
}
catch (BindingsGeneratorException e)
{
    Console.Error.WriteLine($"bindings generator: error: {e.Message}");
    return Failure;
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"bindings generator: error: {e.Message}");
    return Failure;
}

foreach (var warning in result.Warnings)
{
    Console.Error.WriteLine($"bindings generator: warning: {warning}");
}

switch (result.Status)
{
    case GenerationStatus.Written:
        Console.WriteLine($"wrote {result.OutputPath}");
        return Success;
    case GenerationStatus.Unchanged:
        Console.WriteLine($"{result.OutputPath} is unchanged");
        return Success;
    case GenerationStatus.UpToDate:
        Console.WriteLine($"{result.OutputPath} is up to date");
        return Success;
    default:
        Console.WriteLine($"{result.OutputPath} is out of date; regenerate it (see bindings/README.md):");
        Console.Write(result.Diff);
        return OutOfDate;
}
