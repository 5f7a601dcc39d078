// Reads the JSON that `clang -Xclang -ast-dump=json` prints into AstNode trees. The only
// subtle part is locations: clang writes "file" (and "line") into a location object only
// when they changed since the last location it printed, anywhere in the document. So the
// reader walks every object in document order, keeps the current file and line, and
// gives each node fully resolved locations.
using System.Text.Json;

namespace StatelessNF.BindingsGenerator;

/// <summary>Turns clang's JSON AST dump into an <see cref="AstNode"/> tree.</summary>
internal sealed class ClangAstReader
{
    private string? _currentFile;
    private int _currentLine;

    private ClangAstReader()
    {
    }

    /// <summary>Parses a whole dump; the result is the TranslationUnitDecl node.</summary>
    public static AstNode Read(byte[] json)
    {
        JsonDocument document;
        try
        {
            // Expression trees in system headers nest deeply; the default limit of 64 is too low.
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 4096 });
        }
        catch (JsonException e)
        {
            throw new BindingsGeneratorException($"clang's AST dump is not valid JSON: {e.Message}");
        }

        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || root.GetProperty("kind").GetString() != "TranslationUnitDecl")
        {
            throw new BindingsGeneratorException("clang's AST dump does not start with a TranslationUnitDecl");
        }
        return new ClangAstReader().ReadNode(root);
    }

    private AstNode ReadNode(JsonElement element)
    {
        SourcePoint? location = null, rangeBegin = null, rangeEnd = null;
        var children = new List<AstNode>();
        string kind = "";

        // Properties in document order: that is the order clang printed the locations in.
        foreach (var property in element.EnumerateObject())
        {
            switch (property.Name)
            {
                case "kind" when property.Value.ValueKind == JsonValueKind.String:
                    kind = property.Value.GetString() ?? "";
                    break;
                case "loc":
                    location = ReadLocation(property.Value);
                    break;
                case "range" when property.Value.ValueKind == JsonValueKind.Object:
                    foreach (var end in property.Value.EnumerateObject())
                    {
                        var point = ReadLocation(end.Value);
                        if (end.Name == "begin")
                        {
                            rangeBegin = point;
                        }
                        else if (end.Name == "end")
                        {
                            rangeEnd = point;
                        }
                    }
                    break;
                case "inner" when property.Value.ValueKind == JsonValueKind.Array:
                    foreach (var child in property.Value.EnumerateArray())
                    {
                        if (child.ValueKind == JsonValueKind.Object)
                        {
                            children.Add(ReadNode(child));
                        }
                    }
                    break;
                default:
                    // No other attribute clang prints for C declarations holds a location
                    // today, but one that did would still move the current file.
                    ScanForLocations(property.Value);
                    break;
            }
        }

        return new AstNode(element, kind, location, rangeBegin, rangeEnd, children);
    }

    // A location is either bare ({offset, file?, line?, col, tokLen}) or, inside a macro
    // expansion, {spellingLoc, expansionLoc}; the expansion site is where the declaration is.
    private SourcePoint? ReadLocation(JsonElement location)
    {
        if (location.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        SourcePoint? result = null;
        bool sawBare = false;
        foreach (var property in location.EnumerateObject())
        {
            switch (property.Name)
            {
                case "spellingLoc":
                    ReadLocation(property.Value);
                    break;
                case "expansionLoc":
                    result = ReadLocation(property.Value);
                    break;
                case "file" when property.Value.ValueKind == JsonValueKind.String:
                    _currentFile = property.Value.GetString();
                    sawBare = true;
                    break;
                case "line" when property.Value.ValueKind == JsonValueKind.Number:
                    _currentLine = property.Value.GetInt32();
                    sawBare = true;
                    break;
                case "offset":
                    sawBare = true;
                    break;
            }
        }

        if (sawBare && _currentFile is not null &&
            location.TryGetProperty("offset", out var offset) && offset.ValueKind == JsonValueKind.Number)
        {
            result = new SourcePoint(_currentFile, _currentLine, offset.GetInt32());
        }
        return result;
    }

    private void ScanForLocations(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                if (value.TryGetProperty("spellingLoc", out _) || value.TryGetProperty("offset", out _))
                {
                    ReadLocation(value);
                    return;
                }
                foreach (var property in value.EnumerateObject())
                {
                    if (property.Name != "includedFrom")
                    {
                        ScanForLocations(property.Value);
                    }
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                {
                    ScanForLocations(item);
                }
                break;
        }
    }
}
