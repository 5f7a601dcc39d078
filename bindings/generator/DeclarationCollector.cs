// Builds the declaration model (CTranslationUnit) from clang's AST: merges forward
// declarations with definitions, names anonymous structs and enums after the typedef that
// introduces them, evaluates enumerator values, attaches comments, and tags every
// declaration with its origin so the emitter can keep the bound header's own.
namespace StatelessNF.BindingsGenerator;

/// <summary>Collects file-scope declarations from a TranslationUnitDecl node.</summary>
internal sealed class DeclarationCollector
{
    private readonly HeaderScope _scope;
    private readonly DocComments _comments = new();
    private readonly EnumValueEvaluator _evaluator = new();

    private readonly Dictionary<string, TagBuilder> _tagsById = new(StringComparer.Ordinal);
    private readonly Dictionary<(CTagKind, string), TagBuilder> _tagsByName = new();
    private readonly Dictionary<string, FunctionBuilder> _functions = new(StringComparer.Ordinal);
    private readonly HashSet<string> _typedefNames = new(StringComparer.Ordinal);
    private readonly List<(int Order, Func<CDeclaration> Build)> _entries = [];
    private int _order;

    private DeclarationCollector(HeaderScope scope)
    {
        _scope = scope;
    }

    public static CTranslationUnit Collect(AstNode translationUnit, HeaderScope scope)
    {
        var collector = new DeclarationCollector(scope);
        foreach (var node in translationUnit.Children)
        {
            collector.Visit(node);
        }
        var declarations = collector._entries
            .OrderBy(e => e.Order)
            .Select(e => e.Build())
            .ToList();
        return new CTranslationUnit(declarations);
    }

    private void Visit(AstNode node)
    {
        switch (node.Kind)
        {
            case "RecordDecl":
            case "EnumDecl":
                VisitTag(node);
                break;
            case "TypedefDecl":
                VisitTypedef(node);
                break;
            case "FunctionDecl":
                VisitFunction(node);
                break;
            case "VarDecl":
                VisitVariable(node);
                break;
        }
    }

    private void VisitTag(AstNode node)
    {
        var kind = node.Kind == "EnumDecl" ? CTagKind.Enum
            : node.GetString("tagUsed") == "union" ? CTagKind.Union
            : CTagKind.Struct;
        var name = node.Name ?? "";

        TagBuilder? builder = null;
        if (node.GetReferenceId("previousDecl") is { } previous)
        {
            _tagsById.TryGetValue(previous, out builder);
        }
        if (builder is null && name.Length > 0)
        {
            _tagsByName.TryGetValue((kind, name), out builder);
        }
        if (builder is null)
        {
            var created = new TagBuilder(kind, name, node, ++_order);
            if (name.Length > 0)
            {
                _tagsByName[(kind, name)] = created;
            }
            _entries.Add((created.Order, () => Build(created)));
            created.EntryIndex = _entries.Count - 1;
            builder = created;
        }
        if (node.Id is { } id)
        {
            _tagsById[id] = builder;
        }

        bool isDefinition = kind == CTagKind.Enum
            ? node.Children.Any(c => c.Kind == "EnumConstantDecl")
            : node.GetFlag("completeDefinition");
        if (isDefinition && builder.Definition is null)
        {
            // Nested tag definitions are file-scope in C; give them their own entries first.
            foreach (var child in node.Children.Where(c => c.Kind is "RecordDecl" or "EnumDecl"))
            {
                VisitTag(child);
            }
            // A defined type is emitted where its definition is, not where it was first
            // named, and documented by the comment on its definition when there is one.
            builder.Definition = node;
            builder.Documentation = _comments.For(node) ?? builder.Documentation;
            builder.Order = ++_order;
            _entries[builder.EntryIndex] = (builder.Order, _entries[builder.EntryIndex].Build);
            if (kind == CTagKind.Enum)
            {
                ReadEnumConstants(node, builder);
            }
        }
        builder.Documentation ??= _comments.For(node);
    }

    private void ReadEnumConstants(AstNode node, TagBuilder builder)
    {
        var constants = new List<CEnumConstant>();
        Int128? previous = null;
        foreach (var constant in node.Children.Where(c => c.Kind == "EnumConstantDecl"))
        {
            var value = _evaluator.ValueOf(constant, previous);
            if (value is null)
            {
                // Only an error if this enum is emitted; system headers may hold anything.
                builder.Problem ??= $"cannot evaluate the value of enumerator '{constant.Name}'";
                value = previous is { } p ? p + 1 : 0;
            }
            previous = value;
            constants.Add(new CEnumConstant(constant.Name ?? "", value.Value, _comments.For(constant)));
        }
        builder.Constants = constants;
    }

    private void VisitTypedef(AstNode node)
    {
        var name = node.Name;
        if (string.IsNullOrEmpty(name) || !_typedefNames.Add(name))
        {
            return;
        }

        var documentation = _comments.For(node);
        // "typedef struct { ... } name;": the struct has no tag, so it takes the typedef's name.
        if (FindOwnedTagId(node) is { } tagId && _tagsById.TryGetValue(tagId, out var tag))
        {
            if (tag.Name.Length == 0)
            {
                tag.Name = name;
                _tagsByName.TryAdd((tag.Kind, name), tag);
            }
            tag.Documentation ??= documentation;
        }

        var target = ParseType(node.TypeSpelling);
        var position = PositionOf(node);
        var origin = _scope.Classify(node.Location?.File);
        _entries.Add((++_order, () => new CTypedef
        {
            Name = name,
            Origin = origin,
            Position = position,
            Documentation = documentation,
            Target = target,
        }));
    }

    private static string? FindOwnedTagId(AstNode typedef)
    {
        foreach (var type in typedef.Children)
        {
            if (type.Kind == "ElaboratedType")
            {
                if (type.GetReferenceId("ownedTagDecl") is { } owned)
                {
                    return owned;
                }
                var inner = type.Children.FirstOrDefault();
                if (inner is not null && inner.Kind is "RecordType" or "EnumType")
                {
                    return inner.GetReferenceId("decl");
                }
            }
            if (type.Kind is "RecordType" or "EnumType")
            {
                return type.GetReferenceId("decl");
            }
        }
        return null;
    }

    private void VisitFunction(AstNode node)
    {
        var name = node.Name;
        if (string.IsNullOrEmpty(name))
        {
            return;
        }
        // Static and inline functions have no exported symbol to import.
        if (node.GetString("storageClass") == "static" || node.GetFlag("inline"))
        {
            return;
        }

        if (!_functions.TryGetValue(name, out var builder))
        {
            builder = new FunctionBuilder(node);
            _functions[name] = builder;
            _entries.Add((++_order, () => Build(builder)));
        }
        builder.Documentation ??= _comments.For(node);
    }

    private void VisitVariable(AstNode node)
    {
        var origin = _scope.Classify(node.Location?.File);
        if (origin == DeclarationOrigin.System || string.IsNullOrEmpty(node.Name))
        {
            return;
        }
        var name = node.Name;
        var position = PositionOf(node);
        _entries.Add((++_order, () => new CUnbindable
        {
            Name = name,
            Origin = origin,
            Position = position,
            Reason = "a variable; only functions can be imported, expose it through an accessor function",
            IsError = false,
        }));
    }

    private CDeclaration Build(TagBuilder builder)
    {
        var declNode = builder.Definition ?? builder.FirstDeclaration;
        var origin = _scope.Classify(declNode.Location?.File);
        var position = PositionOf(declNode);

        if (builder.Kind == CTagKind.Enum)
        {
            return new CEnum
            {
                Name = builder.Name,
                Origin = origin,
                Position = position,
                Documentation = builder.Documentation,
                Constants = builder.Constants ?? [],
                Problem = builder.Problem,
            };
        }

        var fields = new List<CField>();
        string? layoutProblem = null;
        if (builder.Definition is { } definition)
        {
            foreach (var child in definition.Children)
            {
                switch (child.Kind)
                {
                    case "FieldDecl":
                        fields.Add(new CField(
                            child.Name ?? "",
                            ParseType(child.TypeSpelling),
                            _comments.For(child),
                            PositionOf(child),
                            child.GetFlag("isBitfield")));
                        if (child.Children.Any(c => c.Kind == "AlignedAttr"))
                        {
                            layoutProblem ??= $"field '{child.Name}' has an alignment attribute";
                        }
                        break;
                    case "PackedAttr":
                        layoutProblem ??= "it is packed";
                        break;
                    case "MaxFieldAlignmentAttr":
                        layoutProblem ??= "it is declared under #pragma pack";
                        break;
                    case "AlignedAttr":
                        layoutProblem ??= "it has an alignment attribute";
                        break;
                }
            }
        }

        return new CStruct
        {
            Name = builder.Name,
            Origin = origin,
            Position = position,
            Documentation = builder.Documentation,
            IsUnion = builder.Kind == CTagKind.Union,
            IsOpaque = builder.Definition is null,
            Fields = fields,
            LayoutProblem = layoutProblem,
        };
    }

    private CDeclaration Build(FunctionBuilder builder)
    {
        var node = builder.FirstDeclaration;
        var name = node.Name ?? "";
        var origin = _scope.Classify(node.Location?.File);
        var position = PositionOf(node);

        var signature = ParseType(node.TypeSpelling);
        if (signature is not CFunctionType function)
        {
            var reason = signature is CUnsupportedType unsupported
                ? unsupported.Reason
                : $"its type '{node.TypeSpelling}' is not a function type";
            return new CUnbindable { Name = name, Origin = origin, Position = position, Reason = reason, IsError = true };
        }

        var parameters = node.Children
            .Where(c => c.Kind == "ParmVarDecl")
            .Select((p, i) => new CParameter(
                string.IsNullOrEmpty(p.Name) ? $"arg{i}" : p.Name,
                ParseType(p.TypeSpelling)))
            .ToList();

        return new CFunction
        {
            Name = name,
            Origin = origin,
            Position = position,
            Documentation = builder.Documentation,
            ReturnType = function.ReturnType,
            Parameters = parameters,
            IsVariadic = function.IsVariadic || node.GetFlag("variadic"),
            HasPrototype = function.HasPrototype,
        };
    }

    private static CType ParseType(string? spelling)
    {
        if (string.IsNullOrWhiteSpace(spelling))
        {
            return new CUnsupportedType("", "clang printed no type");
        }
        try
        {
            return CTypeParser.Parse(spelling);
        }
        catch (CTypeParseException e)
        {
            return new CUnsupportedType(spelling, e.Message);
        }
    }

    private SourcePosition PositionOf(AstNode node)
    {
        var point = node.Location ?? node.RangeBegin;
        return point is { } p
            ? new SourcePosition(_scope.Relative(p.File), p.Line)
            : new SourcePosition("<built-in>", 0);
    }

    /// <summary>Everything seen of one struct, union or enum across its redeclarations.</summary>
    private sealed class TagBuilder(CTagKind kind, string name, AstNode firstDeclaration, int order)
    {
        public CTagKind Kind { get; } = kind;

        public string Name { get; set; } = name;

        public AstNode FirstDeclaration { get; } = firstDeclaration;

        public AstNode? Definition { get; set; }

        public int Order { get; set; } = order;

        public int EntryIndex { get; set; }

        public string? Documentation { get; set; }

        public List<CEnumConstant>? Constants { get; set; }

        public string? Problem { get; set; }
    }

    /// <summary>Everything seen of one function across its redeclarations.</summary>
    private sealed class FunctionBuilder(AstNode firstDeclaration)
    {
        public AstNode FirstDeclaration { get; } = firstDeclaration;

        public string? Documentation { get; set; }
    }
}
