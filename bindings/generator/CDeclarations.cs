// The declaration model the generator works on: the functions, structs, unions, fields,
// enums, opaque types and typedefs (function-pointer typedefs among them) a header
// declares, in declaration order, each tagged with where it came from so only the bound
// header's own declarations are emitted.
namespace StatelessNF.BindingsGenerator;

/// <summary>Which part of the include graph a declaration comes from.</summary>
internal enum DeclarationOrigin
{
    /// <summary>The header being bound, or another header under its include root: emitted.</summary>
    Bound,

    /// <summary>
    /// A project header bound into another generated file (under another include root, or
    /// named with --exclude-header): referenced, not emitted.
    /// </summary>
    External,

    /// <summary>A system or compiler header, or a compiler builtin: never emitted.</summary>
    System,
}

/// <summary>A position in a header, relative to the repository root, for messages.</summary>
internal sealed record SourcePosition(string File, int Line)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}" : File;
}

/// <summary>Something declared at file scope.</summary>
internal abstract record CDeclaration
{
    public required string Name { get; init; }

    public required DeclarationOrigin Origin { get; init; }

    public required SourcePosition Position { get; init; }

    /// <summary>The cleaned text of the comment attached to the declaration, if any.</summary>
    public string? Documentation { get; init; }
}

/// <summary>An enumeration; anonymous ones (<c>enum { A = 1 };</c>) have an empty name.</summary>
internal sealed record CEnum : CDeclaration
{
    public required IReadOnlyList<CEnumConstant> Constants { get; init; }

    /// <summary>Why the values are not reliable (an initializer that could not be evaluated), if so.</summary>
    public string? Problem { get; init; }

    public bool IsAnonymous => Name.Length == 0;
}

/// <summary>One enumerator with its evaluated value.</summary>
internal sealed record CEnumConstant(string Name, Int128 Value, string? Documentation);

/// <summary>A struct or union; opaque when it is declared but never defined.</summary>
internal sealed record CStruct : CDeclaration
{
    public required bool IsUnion { get; init; }

    public required bool IsOpaque { get; init; }

    public required IReadOnlyList<CField> Fields { get; init; }

    /// <summary>Why the layout cannot be reproduced in C# (packing, alignment), if so.</summary>
    public string? LayoutProblem { get; init; }
}

/// <summary>A member of a struct or union.</summary>
internal sealed record CField(string Name, CType Type, string? Documentation, SourcePosition Position, bool IsBitField);

/// <summary>A function declaration.</summary>
internal sealed record CFunction : CDeclaration
{
    public required CType ReturnType { get; init; }

    public required IReadOnlyList<CParameter> Parameters { get; init; }

    public required bool IsVariadic { get; init; }

    /// <summary>False for a declaration without a prototype, <c>int f();</c>.</summary>
    public required bool HasPrototype { get; init; }
}

/// <summary>A function parameter; unnamed ones get a positional name.</summary>
internal sealed record CParameter(string Name, CType Type);

/// <summary>A typedef; C# has no typedefs, so uses of it are expanded to its target.</summary>
internal sealed record CTypedef : CDeclaration
{
    public required CType Target { get; init; }

    public bool IsFunctionPointer => Target is CPointerType { Pointee: CFunctionType };
}

/// <summary>A declaration that cannot be bound and is reported rather than emitted.</summary>
internal sealed record CUnbindable : CDeclaration
{
    public required string Reason { get; init; }

    /// <summary>True when generation must fail; false when skipping it only deserves a warning.</summary>
    public required bool IsError { get; init; }
}

/// <summary>Everything clang saw, in declaration order, with lookups by name.</summary>
internal sealed class CTranslationUnit
{
    private readonly Dictionary<string, CTypedef> _typedefs;
    private readonly Dictionary<(CTagKind, string), CDeclaration> _tags;

    public CTranslationUnit(IReadOnlyList<CDeclaration> declarations)
    {
        Declarations = declarations;
        _typedefs = new Dictionary<string, CTypedef>(StringComparer.Ordinal);
        _tags = new Dictionary<(CTagKind, string), CDeclaration>();
        foreach (var declaration in declarations)
        {
            switch (declaration)
            {
                case CTypedef typedef:
                    _typedefs.TryAdd(typedef.Name, typedef);
                    break;
                case CStruct record:
                    _tags.TryAdd((record.IsUnion ? CTagKind.Union : CTagKind.Struct, record.Name), record);
                    break;
                case CEnum { IsAnonymous: false } enumeration:
                    _tags.TryAdd((CTagKind.Enum, enumeration.Name), enumeration);
                    break;
            }
        }
    }

    /// <summary>Every declaration from every file, in the order clang declared them.</summary>
    public IReadOnlyList<CDeclaration> Declarations { get; }

    public CTypedef? FindTypedef(string name) => _typedefs.GetValueOrDefault(name);

    public CDeclaration? FindTag(CTagKind kind, string name) => _tags.GetValueOrDefault((kind, name));
}
