using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Kappa.Generators;

/// <summary>A C# type for an Avro schema, and the expressions converting between it and the codec's generic values.</summary>
internal sealed class MappedType
{
    public MappedType(string csType, Func<string, string> toAvro, Func<string, string> fromAvro)
    {
        CsType = csType;
        ToAvro = toAvro;
        FromAvro = fromAvro;
    }

    /// <summary>An expression reading the value from an AvroBinaryReader variable (by its name), written with this schema.</summary>
    public Func<string, string> Read { get; set; } = _ => throw new NotSupportedException("no typed read");

    /// <summary>A statement writing a value (an expression) with an AvroBinaryWriter (a variable name).</summary>
    public Func<string, string, string> Write { get; set; } = (_, _) => throw new NotSupportedException("no typed write");

    /// <summary>The fewest bytes one value takes, for block-count checks.</summary>
    public int MinSize { get; set; } = 1;

    public string CsType { get; }

    /// <summary>An expression turning a C# value into the codec's generic value.</summary>
    public Func<string, string> ToAvro { get; }

    /// <summary>An expression turning the codec's generic value (an object?) into the C# value.</summary>
    public Func<string, string> FromAvro { get; }

    /// <summary>The initializer a non-nullable property needs, or null.</summary>
    public string? Initializer { get; set; }
}

/// <summary>An enum the record defines.</summary>
internal sealed class EnumModel
{
    public EnumModel(string name, IReadOnlyList<string> symbols, string? doc)
    {
        Name = name;
        Symbols = symbols;
        Doc = doc;
    }

    public string Name { get; }

    public IReadOnlyList<string> Symbols { get; }

    public string? Doc { get; }
}

/// <summary>One field of the record.</summary>
internal sealed class FieldModel
{
    public FieldModel(string avroName, string propertyName, MappedType type, string? doc)
    {
        AvroName = avroName;
        PropertyName = propertyName;
        Type = type;
        Doc = doc;
    }

    public string AvroName { get; }

    public string PropertyName { get; }

    public MappedType Type { get; }

    public string? Doc { get; }
}

/// <summary>
/// A top-level Avro record read from an .avsc file, with the C# shape it gets. Supported: every primitive, logical
/// types (as their underlying type), enums, arrays and maps of those, and <c>["null", T]</c> unions (nullable).
/// Anything else (nested records, fixed, wider unions) is refused with a reason, never generated wrongly.
/// </summary>
internal sealed class ContractModel
{
    private static readonly char[] Separators = ['_', '-'];
    private readonly Dictionary<string, EnumModel> _enumsByName = new(StringComparer.Ordinal);

    private ContractModel(string name, string avroFullName, string? doc)
    {
        Name = name;
        AvroFullName = avroFullName;
        Doc = doc;
    }

    public string Name { get; }

    public string AvroFullName { get; }

    public string? Doc { get; }

    public List<FieldModel> Fields { get; } = [];

    public List<EnumModel> Enums { get; } = [];

    public static ContractModel Read(object? json)
    {
        if (json is not JsonObject record || record.String("type") != "record")
        {
            throw new NotSupportedException("the file must hold one Avro record schema");
        }

        var name = record.String("name") ?? throw new NotSupportedException("the record has no name");
        var ns = record.String("namespace");
        var model = new ContractModel(name, string.IsNullOrEmpty(ns) || name.Contains(".") ? name : ns + "." + name, record.String("doc"));
        if (record.TryGetValue("fields", out var fields) && fields is List<object?> list)
        {
            foreach (var field in list.OfType<JsonObject>())
            {
                var fieldName = field.String("name") ?? throw new NotSupportedException("a field has no name");
                field.TryGetValue("type", out var type);
                var property = Pascal(fieldName);
                if (property == model.Name)
                {
                    property += "Value";
                }

                var mapped = model.Map(type, fieldName);
                if (field.TryGetValue("default", out var defaultValue) && model.Initializer(defaultValue, mapped) is { } initializer)
                {
                    mapped.Initializer = initializer;
                }

                model.Fields.Add(new FieldModel(fieldName, property, mapped, field.String("doc")));
            }
        }

        return model;
    }

    private MappedType Map(object? schema, string path)
    {
        switch (schema)
        {
            case string primitive:
                return Primitive(primitive) ?? Named(primitive, path);
            case List<object?> union:
                return Nullable(union, path);
            case JsonObject complex:
                var type = complex.String("type");
                switch (type)
                {
                    case "enum":
                        return Enum(complex, path);
                    case "array":
                        complex.TryGetValue("items", out var items);
                        var item = Map(items, path + "[]");
                        var (ir, iw, iv) = (NextName("r"), NextName("w"), NextName("v"));
                        return new MappedType(
                            $"global::System.Collections.Generic.List<{item.CsType}>",
                            v => $"global::System.Linq.Enumerable.ToList(global::System.Linq.Enumerable.Select({v}, x => (object?){item.ToAvro("x")}))",
                            o => $"global::System.Linq.Enumerable.ToList(global::System.Linq.Enumerable.Select((global::System.Collections.Generic.IEnumerable<object?>){o}!, x => {item.FromAvro("x")}))")
                        {
                            Initializer = "[]",
                            Read = r => $"global::Kappa.Contracts.Avro.AvroTypedCodec.ReadArray(ref {r}, {item.MinSize}, static (ref global::Kappa.Contracts.Avro.AvroBinaryReader {ir}) => {item.Read(ir)})",
                            Write = (w, v) => $"global::Kappa.Contracts.Avro.AvroTypedCodec.WriteArray({w}, {v}, static ({iw}, {iv}) => {{ {item.Write(iw, iv)} }});",
                        };
                    case "map":
                        complex.TryGetValue("values", out var values);
                        var value = Map(values, path + "{}");
                        var (mr, mw, mv) = (NextName("r"), NextName("w"), NextName("v"));
                        return new MappedType(
                            $"global::System.Collections.Generic.Dictionary<string, {value.CsType}>",
                            v => $"global::System.Linq.Enumerable.ToDictionary({v}, kv => kv.Key, kv => (object?){value.ToAvro("kv.Value")}, global::System.StringComparer.Ordinal)",
                            o => $"global::System.Linq.Enumerable.ToDictionary((global::System.Collections.Generic.IEnumerable<global::System.Collections.Generic.KeyValuePair<string, object?>>){o}!, kv => kv.Key, kv => {value.FromAvro("kv.Value")}, global::System.StringComparer.Ordinal)")
                        {
                            Initializer = "new(global::System.StringComparer.Ordinal)",
                            Read = r => $"global::Kappa.Contracts.Avro.AvroTypedCodec.ReadMap(ref {r}, {value.MinSize}, static (ref global::Kappa.Contracts.Avro.AvroBinaryReader {mr}) => {value.Read(mr)})",
                            Write = (w, v) => $"global::Kappa.Contracts.Avro.AvroTypedCodec.WriteMap({w}, {v}, static ({mw}, {mv}) => {{ {value.Write(mw, mv)} }});",
                        };
                    case null:
                        throw new NotSupportedException($"{path}: a schema object has no type");
                    default:
                        // A primitive with attributes, such as a logical type: the C# type is the underlying one.
                        return Primitive(type) ?? throw new NotSupportedException($"{path}: type '{type}' is not supported by the generator (nested records and fixed are not)");
                }

            default:
                throw new NotSupportedException($"{path}: not a schema");
        }
    }

    /// <summary>The C# initializer of a field's Avro default, for defaults of a scalar, string or enum type; else null.</summary>
    private string? Initializer(object? value, MappedType type)
    {
        switch (value, type.CsType)
        {
            case (string text, "string"):
                return "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
            case (string symbol, _) when _enumsByName.ContainsKey(type.CsType):
                return type.CsType + "." + symbol;
            case (bool flag, "bool"):
                return flag ? "true" : "false";
            case (double number, "int" or "long" or "double"):
                return number.ToString("R", CultureInfo.InvariantCulture);
            case (double number, "float"):
                return number.ToString("R", CultureInfo.InvariantCulture) + "f";
            default:
                return null;
        }
    }

    private static MappedType? Primitive(string name)
    {
        switch (name)
        {
            case "boolean": return Value("bool", "Boolean", 1);
            case "int": return Value("int", "Int", 1);
            case "long": return Value("long", "Long", 1);
            case "float": return Value("float", "Float", 4);
            case "double": return Value("double", "Double", 8);
            case "string": return Value("string", "String", 1, "string.Empty");
            case "bytes": return Value("byte[]", "Bytes", 1, "[]");
            default: return null;
        }

        static MappedType Value(string cs, string codec, int minSize, string? initializer = null) => new(cs, v => v, o => $"({cs}){o}!")
        {
            Initializer = initializer,
            MinSize = minSize,
            Read = r => $"{r}.Read{codec}()",
            Write = (w, v) => $"{w}.Write{codec}({v});",
        };
    }

    private MappedType Named(string name, string path)
    {
        var shortName = name.Contains(".") ? name.Substring(name.LastIndexOf('.') + 1) : name;
        return _enumsByName.TryGetValue(shortName, out var known)
            ? EnumType(known)
            : throw new NotSupportedException($"{path}: type '{name}' is not supported by the generator (only enums defined in the file can be referenced)");
    }

    private MappedType Enum(JsonObject schema, string path)
    {
        var name = schema.String("name") ?? throw new NotSupportedException($"{path}: an enum has no name");
        var symbols = schema.TryGetValue("symbols", out var list) && list is List<object?> items
            ? items.OfType<string>().ToList()
            : throw new NotSupportedException($"{path}: enum '{name}' has no symbols");
        var model = new EnumModel(name, symbols, schema.String("doc"));
        Enums.Add(model);
        _enumsByName[name] = model;
        return EnumType(model);
    }

    private static MappedType EnumType(EnumModel model) => new(
        model.Name,
        v => $"{v}.ToString()",
        o => $"global::System.Enum.Parse<{model.Name}>(((global::Kappa.Contracts.Avro.AvroEnumSymbol){o}!).Symbol)")
    {
        // The C# members are declared in symbol order, so a member's value is its symbol's index.
        Read = r => $"({model.Name}){r}.ReadIndex({model.Symbols.Count}, \"enum {model.Name}\")",
        Write = (w, v) => $"{w}.WriteInt((int){v} is >= 0 and < {model.Symbols.Count} ? (int){v} : throw new global::Kappa.Contracts.Avro.AvroEncodeException($\"{{{v}}} is not a symbol of enum {model.Name}\"));",
    };

    private MappedType Nullable(List<object?> union, string path)
    {
        var others = union.Where(b => !(b is string s && s == "null")).ToList();
        if (union.Count != 2 || others.Count != 1)
        {
            throw new NotSupportedException($"{path}: only unions of null and one type are supported by the generator");
        }

        var inner = Map(others[0], path);
        var local = NextName("some");
        var nullIndex = union[0] is string first && first == "null" ? 0 : 1;
        return new MappedType(
            inner.CsType + "?",
            v => $"({v} is {{ }} {local} ? (object?){inner.ToAvro(local)} : null)",
            o => $"({o} is null ? ({inner.CsType}?)null : {inner.FromAvro(o)})")
        {
            Read = r => $"({r}.ReadIndex(2, \"union\") == {nullIndex} ? ({inner.CsType}?)null : {inner.Read(r)})",
            Write = (w, v) => $"if ({v} is {{ }} {local}) {{ {w}.WriteInt({1 - nullIndex}); {inner.Write(w, local)} }} else {{ {w}.WriteInt({nullIndex}); }}",
        };
    }

    private int _names;

    /// <summary>A fresh local or lambda parameter name, so nested conversions never shadow each other.</summary>
    private string NextName(string prefix) => prefix + (++_names).ToString(CultureInfo.InvariantCulture);

    /// <summary>A C# property name: <c>date_time</c> and <c>dateTime</c> become <c>DateTime</c>.</summary>
    public static string Pascal(string name)
    {
        var parts = name.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
        return string.Concat(parts.Select(p => char.ToUpper(p[0], CultureInfo.InvariantCulture) + p.Substring(1)));
    }
}
