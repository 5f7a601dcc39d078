// One node of clang's JSON AST with its source locations already resolved. clang prints a
// location's file (and line) only when it differs from the previously printed location,
// so a location is meaningless on its own; ClangAstReader resolves them while reading the
// document in order and stores the result here.
using System.Text.Json;

namespace StatelessNF.BindingsGenerator;

/// <summary>A resolved source location: absolute file path, line and byte offset.</summary>
internal readonly record struct SourcePoint(string File, int Line, int Offset);

/// <summary>A clang AST node (declaration, statement, type or comment).</summary>
internal sealed class AstNode
{
    public AstNode(JsonElement element, string kind, SourcePoint? location, SourcePoint? rangeBegin,
        SourcePoint? rangeEnd, IReadOnlyList<AstNode> children)
    {
        Element = element;
        Kind = kind;
        Location = location;
        RangeBegin = rangeBegin;
        RangeEnd = rangeEnd;
        Children = children;
    }

    /// <summary>The node's JSON object, for attributes the reader does not interpret.</summary>
    public JsonElement Element { get; }

    /// <summary>clang's node kind, e.g. <c>FunctionDecl</c>.</summary>
    public string Kind { get; }

    /// <summary>The node's own location (the expansion site for macro-produced code).</summary>
    public SourcePoint? Location { get; }

    public SourcePoint? RangeBegin { get; }

    public SourcePoint? RangeEnd { get; }

    public IReadOnlyList<AstNode> Children { get; }

    public string? Id => GetString("id");

    /// <summary>The declared name; empty or null for anonymous declarations.</summary>
    public string? Name => GetString("name");

    /// <summary>clang's spelling of the node's type (<c>type.qualType</c>).</summary>
    public string? TypeSpelling =>
        Element.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.Object &&
        type.TryGetProperty("qualType", out var qualType) && qualType.ValueKind == JsonValueKind.String
            ? qualType.GetString()
            : null;

    public string? GetString(string property) =>
        Element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public bool GetFlag(string property) =>
        Element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.True;

    /// <summary>The id of a referenced declaration, e.g. <c>referencedDecl.id</c>.</summary>
    public string? GetReferenceId(string property) =>
        Element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Object &&
        value.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : null;
}
