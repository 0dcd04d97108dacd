using System.Text.Json;

namespace Kappa.Contracts.Avro;

/// <summary>
/// Parses schema JSON into the schema model. One instance parses one schema: it owns the table of names defined so
/// far, so later references resolve to the same instance. Nesting is capped at <see cref="MaxDepth"/> schema levels so
/// hostile input fails with a clear error instead of exhausting the stack.
/// </summary>
internal sealed class AvroSchemaParser
{
    /// <summary>The deepest schema nesting accepted.</summary>
    internal const int MaxDepth = 128;

    private static readonly HashSet<string> PrimitiveNames =
        ["null", "boolean", "int", "long", "float", "double", "bytes", "string"];

    private readonly Dictionary<string, AvroNamedSchema> _names = new(StringComparer.Ordinal);

    private AvroSchemaParser()
    {
    }

    internal static AvroSchema Parse(string json)
    {
        JsonElement root;
        try
        {
            // Each schema level takes up to three JSON levels (record, fields array, field object); beyond that the
            // JSON reader's own limit stops the input before any recursion.
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = (MaxDepth * 3) + 8 });
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new AvroSchemaException($"schema is not valid JSON or is nested too deeply (limit {MaxDepth} schema levels): {e.Message}", e);
        }

        return new AvroSchemaParser().ParseSchema(root, string.Empty, "$", 0);
    }

    private AvroSchema ParseSchema(JsonElement json, string enclosingNamespace, string path, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new AvroSchemaException($"{path}: schema nesting deeper than {MaxDepth} levels");
        }

        return json.ValueKind switch
        {
            JsonValueKind.String => ParseReference(json.GetString()!, enclosingNamespace, path),
            JsonValueKind.Array => ParseUnion(json, enclosingNamespace, path, depth),
            JsonValueKind.Object => ParseObject(json, enclosingNamespace, path, depth),
            _ => throw new AvroSchemaException($"{path}: expected a type name, an object or a union array, found {json.ValueKind}"),
        };
    }

    private AvroSchema ParseReference(string name, string enclosingNamespace, string path)
    {
        var primitive = Primitive(name);
        if (primitive is not null)
        {
            return primitive;
        }

        if (!name.Contains('.', StringComparison.Ordinal) && enclosingNamespace.Length > 0
            && _names.TryGetValue(enclosingNamespace + "." + name, out var qualified))
        {
            return qualified;
        }

        return _names.TryGetValue(name, out var named)
            ? named
            : throw new AvroSchemaException($"{path}: unknown type '{name}' (named types must be defined before use)");
    }

    private static AvroPrimitiveSchema? Primitive(string name) => name switch
    {
        "null" => new AvroPrimitiveSchema(AvroType.Null),
        "boolean" => new AvroPrimitiveSchema(AvroType.Boolean),
        "int" => new AvroPrimitiveSchema(AvroType.Int),
        "long" => new AvroPrimitiveSchema(AvroType.Long),
        "float" => new AvroPrimitiveSchema(AvroType.Float),
        "double" => new AvroPrimitiveSchema(AvroType.Double),
        "bytes" => new AvroPrimitiveSchema(AvroType.Bytes),
        "string" => new AvroPrimitiveSchema(AvroType.String),
        _ => null,
    };

    private AvroUnionSchema ParseUnion(JsonElement json, string enclosingNamespace, string path, int depth)
    {
        var branches = new List<AvroSchema>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var item in json.EnumerateArray())
        {
            var branchPath = $"{path}[{i++}]";
            var branch = ParseSchema(item, enclosingNamespace, branchPath, depth + 1);
            if (branch.Type == AvroType.Union)
            {
                throw new AvroSchemaException($"{branchPath}: a union may not immediately contain another union");
            }

            var key = branch is AvroNamedSchema named ? named.FullName : branch.Type.ToString().ToLowerInvariant();
            if (!seen.Add(key))
            {
                throw new AvroSchemaException($"{branchPath}: union contains '{key}' twice");
            }

            branches.Add(branch);
        }

        return new AvroUnionSchema(branches);
    }

    private AvroSchema ParseObject(JsonElement json, string enclosingNamespace, string path, int depth)
    {
        if (!json.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
        {
            throw new AvroSchemaException($"{path}: schema object needs a string 'type' attribute");
        }

        var type = typeElement.GetString()!;
        AvroSchema schema = type switch
        {
            "record" or "error" => ParseRecord(json, enclosingNamespace, path, depth),
            "enum" => ParseEnum(json, enclosingNamespace, path),
            "fixed" => ParseFixed(json, enclosingNamespace, path),
            "array" => new AvroArraySchema(ParseSchema(Required(json, "items", path), enclosingNamespace, path + ".items", depth + 1)),
            "map" => new AvroMapSchema(ParseSchema(Required(json, "values", path), enclosingNamespace, path + ".values", depth + 1)),
            _ when PrimitiveNames.Contains(type) => Primitive(type)!,
            _ => ParseReference(type, enclosingNamespace, path + ".type"),
        };

        if (json.TryGetProperty("logicalType", out var logical) && logical.ValueKind == JsonValueKind.String
            && (type is "fixed" || PrimitiveNames.Contains(type)))
        {
            AvroLogicalTypes.Apply(schema, logical.GetString()!, json);
        }

        return schema;
    }

    private AvroRecordSchema ParseRecord(JsonElement json, string enclosingNamespace, string path, int depth)
    {
        var (fullName, space) = DefineName(json, enclosingNamespace, path);
        var record = new AvroRecordSchema(fullName, Aliases(json, space, path));
        Register(record, path);

        var fieldsElement = Required(json, "fields", path);
        if (fieldsElement.ValueKind != JsonValueKind.Array)
        {
            throw new AvroSchemaException($"{path}.fields: expected an array");
        }

        var fields = new List<AvroField>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fieldJson in fieldsElement.EnumerateArray())
        {
            var fieldPath = $"{path}.fields[{fields.Count}]";
            if (fieldJson.ValueKind != JsonValueKind.Object)
            {
                throw new AvroSchemaException($"{fieldPath}: expected a field object");
            }

            var name = RequiredString(fieldJson, "name", fieldPath);
            if (!AvroNames.IsValidName(name))
            {
                throw new AvroSchemaException($"{fieldPath}.name: '{name}' is not a valid Avro name");
            }

            if (!names.Add(name))
            {
                throw new AvroSchemaException($"{fieldPath}.name: duplicate field '{name}'");
            }

            var schema = ParseSchema(Required(fieldJson, "type", fieldPath), space, fieldPath + ".type", depth + 1);
            JsonElement? defaultValue = fieldJson.TryGetProperty("default", out var d) ? d : null;
            fields.Add(new AvroField(name, fields.Count, schema, defaultValue, StringArray(fieldJson, "aliases", fieldPath)));
        }

        record.SetFields(fields);
        return record;
    }

    private AvroEnumSchema ParseEnum(JsonElement json, string enclosingNamespace, string path)
    {
        var (fullName, space) = DefineName(json, enclosingNamespace, path);
        if (!json.TryGetProperty("symbols", out var symbolsElement) || symbolsElement.ValueKind != JsonValueKind.Array)
        {
            throw new AvroSchemaException($"{path}.symbols: an enum needs an array of symbols");
        }

        var symbols = StringArray(json, "symbols", path);
        for (var i = 0; i < symbols.Count; i++)
        {
            if (!AvroNames.IsValidName(symbols[i]))
            {
                throw new AvroSchemaException($"{path}.symbols[{i}]: '{symbols[i]}' is not a valid Avro name");
            }

            if (symbols.Take(i).Contains(symbols[i]))
            {
                throw new AvroSchemaException($"{path}.symbols[{i}]: duplicate symbol '{symbols[i]}'");
            }
        }

        string? defaultSymbol = null;
        if (json.TryGetProperty("default", out var d))
        {
            defaultSymbol = d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            if (defaultSymbol is null || !symbols.Contains(defaultSymbol))
            {
                throw new AvroSchemaException($"{path}.default: enum default must be one of the symbols");
            }
        }

        var schema = new AvroEnumSchema(fullName, Aliases(json, space, path), symbols, defaultSymbol);
        Register(schema, path);
        return schema;
    }

    private AvroFixedSchema ParseFixed(JsonElement json, string enclosingNamespace, string path)
    {
        var (fullName, space) = DefineName(json, enclosingNamespace, path);
        if (!json.TryGetProperty("size", out var sizeElement) || !sizeElement.TryGetInt32(out var size) || size < 0)
        {
            throw new AvroSchemaException($"{path}.size: a fixed needs a non-negative integer size");
        }

        var schema = new AvroFixedSchema(fullName, Aliases(json, space, path), size);
        Register(schema, path);
        return schema;
    }

    private static (string FullName, string Namespace) DefineName(JsonElement json, string enclosingNamespace, string path)
    {
        var name = RequiredString(json, "name", path);
        var space = enclosingNamespace;
        if (json.TryGetProperty("namespace", out var ns))
        {
            space = ns.ValueKind switch
            {
                JsonValueKind.String => ns.GetString()!,
                JsonValueKind.Null => string.Empty,
                _ => throw new AvroSchemaException($"{path}.namespace: expected a string"),
            };
        }

        var fullName = AvroNames.Qualify(name, space);
        if (!AvroNames.IsValidFullName(fullName))
        {
            throw new AvroSchemaException($"{path}.name: '{fullName}' is not a valid Avro full name");
        }

        if (PrimitiveNames.Contains(fullName))
        {
            throw new AvroSchemaException($"{path}.name: '{fullName}' is a primitive type and cannot be redefined");
        }

        var dot = fullName.LastIndexOf('.');
        return (fullName, dot < 0 ? string.Empty : fullName[..dot]);
    }

    private void Register(AvroNamedSchema schema, string path)
    {
        if (!_names.TryAdd(schema.FullName, schema))
        {
            throw new AvroSchemaException($"{path}.name: '{schema.FullName}' is already defined");
        }
    }

    private static List<string> Aliases(JsonElement json, string space, string path) =>
        StringArray(json, "aliases", path).Select(a => AvroNames.Qualify(a, space)).ToList();

    private static List<string> StringArray(JsonElement json, string property, string path)
    {
        var result = new List<string>();
        if (!json.TryGetProperty(property, out var array))
        {
            return result;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new AvroSchemaException($"{path}.{property}: expected an array of strings");
        }

        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                throw new AvroSchemaException($"{path}.{property}[{result.Count}]: expected a string");
            }

            result.Add(item.GetString()!);
        }

        return result;
    }

    private static JsonElement Required(JsonElement json, string property, string path) =>
        json.TryGetProperty(property, out var value)
            ? value
            : throw new AvroSchemaException($"{path}: missing required attribute '{property}'");

    private static string RequiredString(JsonElement json, string property, string path)
    {
        var value = Required(json, property, path);
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new AvroSchemaException($"{path}.{property}: expected a string");
    }
}
