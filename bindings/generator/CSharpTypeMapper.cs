// Maps C types to the blittable C# types of the generated declarations. Fixed-width
// typedefs map by name (uint64_t -> ulong) before typedefs are looked through; char data is
// byte (C# char is UTF-16); pointers stay typed pointers; function pointers become
// `delegate* unmanaged<...>` because C# has no typedefs; enums and structs keep their C
// names. Anything that cannot cross the ABI as a plain value, bool above all, is refused
// with the reason, so a header change that breaks the rules fails generation instead of
// producing bindings that corrupt memory.
namespace StatelessNF.BindingsGenerator;

/// <summary>Raised when a C type has no faithful blittable C# equivalent.</summary>
internal sealed class UnsupportedTypeException(string message) : Exception(message);

/// <summary>A field's C# type; fixed buffers carry their element count.</summary>
internal readonly record struct CSharpFieldType(string Type, long? FixedLength);

/// <summary>Maps C types from one translation unit to C# type spellings.</summary>
internal sealed class CSharpTypeMapper(CTranslationUnit unit)
{
    private const int MaxTypedefDepth = 64;

    private static readonly Dictionary<string, string> FixedWidthTypedefs = new(StringComparer.Ordinal)
    {
        ["int8_t"] = "sbyte",
        ["uint8_t"] = "byte",
        ["int16_t"] = "short",
        ["uint16_t"] = "ushort",
        ["int32_t"] = "int",
        ["uint32_t"] = "uint",
        ["int64_t"] = "long",
        ["uint64_t"] = "ulong",
        ["size_t"] = "nuint",
        ["ssize_t"] = "nint",
        ["intptr_t"] = "nint",
        ["uintptr_t"] = "nuint",
        ["ptrdiff_t"] = "nint",
    };

    // Element types C# allows in fixed-size buffers.
    private static readonly HashSet<string> FixedBufferElements = new(StringComparer.Ordinal)
    {
        "byte", "sbyte", "short", "ushort", "int", "uint", "long", "ulong", "float", "double",
    };

    /// <summary>A function parameter's type; arrays decay to pointers as in C.</summary>
    public string MapParameter(CType type)
    {
        var resolved = Desugar(type);
        if (resolved is CArrayType array)
        {
            return MapPointerTo(array.Element);
        }
        if (resolved is CBuiltinType { Kind: CBuiltinKind.Void })
        {
            throw new UnsupportedTypeException("a parameter cannot have type void");
        }
        return MapValue(type);
    }

    /// <summary>A function's return type; void is allowed.</summary>
    public string MapReturn(CType type)
    {
        var resolved = Desugar(type);
        if (resolved is CBuiltinType { Kind: CBuiltinKind.Void })
        {
            return "void";
        }
        if (resolved is CArrayType)
        {
            throw new UnsupportedTypeException("a function cannot return an array");
        }
        return MapValue(type);
    }

    /// <summary>A struct member's type; fixed-length arrays become fixed buffers.</summary>
    public CSharpFieldType MapField(CType type)
    {
        var resolved = Desugar(type);
        if (resolved is not CArrayType array)
        {
            if (resolved is CBuiltinType { Kind: CBuiltinKind.Void })
            {
                throw new UnsupportedTypeException("a field cannot have type void");
            }
            return new CSharpFieldType(MapValue(type), null);
        }

        // Nested arrays (uint8_t m[2][3]) have the layout of one flat array.
        long length = 1;
        CType element = array;
        while (Desugar(element) is CArrayType dimension)
        {
            if (dimension.Length is not { } n)
            {
                throw new UnsupportedTypeException("flexible array members have no C# equivalent; pass the data separately");
            }
            length = checked(length * n);
            element = dimension.Element;
        }
        if (length == 0)
        {
            throw new UnsupportedTypeException("zero-length arrays have no C# equivalent");
        }

        var elementType = Desugar(element) is CTagType { Kind: CTagKind.Enum } enumType
            ? EnumBaseType(RequireEnum(enumType.Name))
            : MapValue(element);
        if (!FixedBufferElements.Contains(elementType))
        {
            throw new UnsupportedTypeException(
                $"an array of {elementType} cannot be a C# fixed buffer (only integer and floating-point elements can)");
        }
        return new CSharpFieldType(elementType, length);
    }

    /// <summary>The C# underlying type that holds every value of the enumeration.</summary>
    public static string EnumBaseType(CEnum enumeration)
    {
        var values = enumeration.Constants.Select(c => c.Value).ToList();
        if (values.All(v => v >= int.MinValue && v <= int.MaxValue)) return "int";
        if (values.All(v => v >= 0 && v <= uint.MaxValue)) return "uint";
        if (values.All(v => v >= long.MinValue && v <= long.MaxValue)) return "long";
        if (values.All(v => v >= 0 && v <= ulong.MaxValue)) return "ulong";
        throw new UnsupportedTypeException($"the values of enum {enumeration.Name} do not fit in 64 bits");
    }

    private string MapValue(CType type, int depth = 0)
    {
        if (depth > MaxTypedefDepth)
        {
            throw new UnsupportedTypeException("typedefs nest too deeply");
        }
        switch (type)
        {
            case CBuiltinType builtin:
                return MapBuiltin(builtin.Kind);
            case CTypedefName typedefName:
                if (FixedWidthTypedefs.TryGetValue(typedefName.Name, out var fixedWidth))
                {
                    return fixedWidth;
                }
                return MapValue(ResolveTypedef(typedefName.Name), depth + 1);
            case CTagType { Kind: CTagKind.Enum } enumType:
                return CSharpNames.Identifier(RequireEnum(enumType.Name).Name);
            case CTagType recordType:
                var record = RequireRecord(recordType);
                if (record.IsOpaque)
                {
                    throw new UnsupportedTypeException(
                        $"{Describe(recordType)} is opaque (declared, never defined) and can only be used behind a pointer");
                }
                return CSharpNames.Identifier(record.Name);
            case CPointerType pointer:
                return MapPointerTo(pointer.Pointee, depth);
            case CArrayType:
                throw new UnsupportedTypeException("arrays are only supported as struct fields and parameters");
            case CFunctionType:
                throw new UnsupportedTypeException("a function type can only be used behind a pointer");
            case CUnsupportedType unsupported:
                throw new UnsupportedTypeException(unsupported.Reason);
            default:
                throw new UnsupportedTypeException($"unsupported type {type}");
        }
    }

    // The C# spelling of a pointer to `pointee`: T*, void*, byte* for char data, or an
    // unmanaged function pointer for a pointer to a function type.
    private string MapPointerTo(CType pointee, int depth = 0)
    {
        if (depth > MaxTypedefDepth)
        {
            throw new UnsupportedTypeException("typedefs nest too deeply");
        }
        var resolved = Desugar(pointee);
        switch (resolved)
        {
            case CFunctionType function:
                return MapFunctionPointer(function);
            case CBuiltinType { Kind: CBuiltinKind.Void }:
                return "void*";
            case CTagType { Kind: CTagKind.Struct or CTagKind.Union } recordType:
                // Opaque structs are fine behind a pointer; that is what they are for.
                return CSharpNames.Identifier(RequireRecord(recordType).Name) + "*";
            case CArrayType array:
                // A pointer to an array points at its first element.
                return MapPointerTo(array.Element, depth + 1);
            default:
                return MapValue(pointee, depth + 1) + "*";
        }
    }

    private string MapFunctionPointer(CFunctionType function)
    {
        if (!function.HasPrototype)
        {
            throw new UnsupportedTypeException("a function pointer without a prototype; declare its parameters (or (void))");
        }
        if (function.IsVariadic)
        {
            throw new UnsupportedTypeException("variadic function pointers cannot be called from C#");
        }
        var parts = function.Parameters.Select(MapParameter).ToList();
        parts.Add(MapReturn(function.ReturnType));
        return $"delegate* unmanaged<{string.Join(", ", parts)}>";
    }

    private static string MapBuiltin(CBuiltinKind kind) => kind switch
    {
        CBuiltinKind.Char => "byte",
        CBuiltinKind.SignedChar => "sbyte",
        CBuiltinKind.UnsignedChar => "byte",
        CBuiltinKind.Short => "short",
        CBuiltinKind.UnsignedShort => "ushort",
        CBuiltinKind.Int => "int",
        CBuiltinKind.UnsignedInt => "uint",
        // long is pointer-sized on every Unix ABI (LP64 and ILP32), which is what nint is.
        CBuiltinKind.Long => "nint",
        CBuiltinKind.UnsignedLong => "nuint",
        CBuiltinKind.LongLong => "long",
        CBuiltinKind.UnsignedLongLong => "ulong",
        CBuiltinKind.Float => "float",
        CBuiltinKind.Double => "double",
        CBuiltinKind.Bool => throw new UnsupportedTypeException(
            "bool/_Bool is not allowed across the ABI (its size and valid values are not portable); use uint8_t or int32_t"),
        CBuiltinKind.Void => throw new UnsupportedTypeException("void is only valid as a return type or behind a pointer"),
        CBuiltinKind.LongDouble => throw new UnsupportedTypeException("long double has no C# equivalent"),
        CBuiltinKind.Int128 or CBuiltinKind.UnsignedInt128 => throw new UnsupportedTypeException(
            "__int128 is not allowed across the ABI; use two 64-bit halves"),
        _ => throw new UnsupportedTypeException($"unsupported type {kind}"),
    };

    // Follows typedefs (other than the fixed-width ones the mapper knows by name) to the
    // type they stand for.
    private CType Desugar(CType type)
    {
        for (int depth = 0; depth <= MaxTypedefDepth; depth++)
        {
            if (type is not CTypedefName name || FixedWidthTypedefs.ContainsKey(name.Name))
            {
                return type;
            }
            type = ResolveTypedef(name.Name);
        }
        throw new UnsupportedTypeException("typedefs nest too deeply");
    }

    private CType ResolveTypedef(string name) =>
        unit.FindTypedef(name)?.Target
        ?? throw new UnsupportedTypeException($"unknown type name '{name}'");

    private CEnum RequireEnum(string name)
    {
        if (unit.FindTag(CTagKind.Enum, name) is not CEnum enumeration)
        {
            throw new UnsupportedTypeException($"enum {name} is not declared");
        }
        RequireProjectType(enumeration, $"enum {name}");
        return enumeration;
    }

    private CStruct RequireRecord(CTagType type)
    {
        if (unit.FindTag(type.Kind, type.Name) is not CStruct record)
        {
            throw new UnsupportedTypeException($"{Describe(type)} is not declared");
        }
        RequireProjectType(record, Describe(type));
        return record;
    }

    // Types from system headers are not generated, so C# could not name them.
    private static void RequireProjectType(CDeclaration declaration, string description)
    {
        if (declaration.Origin == DeclarationOrigin.System)
        {
            throw new UnsupportedTypeException(
                $"{description} comes from a system header ({declaration.Position.File}) and is not bound; " +
                "pass it as void* or wrap it in a project type");
        }
    }

    private static string Describe(CTagType type) =>
        $"{(type.Kind == CTagKind.Union ? "union" : "struct")} {type.Name}";
}
