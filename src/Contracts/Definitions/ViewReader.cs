namespace Kappa.Contracts.Definitions;

/// <summary>
/// Turns one YAML document into a <see cref="ViewSpec"/>. Every part is read even after an error so that
/// one pass reports as many problems as possible; the spec is produced only when there were none.
/// </summary>
internal static class ViewReader
{
    private static readonly string[] Keys = ["view", "source", "format", "schema", "time", "filter", "key", "window", "aggregates", "emit", "gates"];

    private static readonly (string, SourceFormat)[] Formats = [("json", SourceFormat.Json), ("avro", SourceFormat.Avro)];

    private static readonly (string, EmitMode)[] EmitModes = [("on-update", EmitMode.OnUpdate), ("on-close", EmitMode.OnClose)];

    /// <summary>The view, or null when the document had errors (all reported).</summary>
    public static ViewSpec? Read(DefinitionNode document, DefinitionErrors errors)
    {
        if (document is SequenceNode)
        {
            errors.Add(document.Location, "a view definition is a mapping, found a list; separate several views in one file with '---' lines");
            return null;
        }

        var view = MappingReader.Open(document, "view definition", Keys, errors);
        if (view is null)
        {
            return null;
        }

        var before = errors.Count;
        var name = Name(view.RequiredScalar("view"), errors);
        var source = Topic(view.RequiredScalar("source"), errors);
        var format = Format(view.OptionalScalar("format"), errors);
        var schema = Schema(view.OptionalScalar("schema"), format, errors);
        var time = TimeReader.Read(view.Optional("time"), view.Location, errors);
        var filter = Filter(view.OptionalScalar("filter"), errors);
        var key = KeyReader.Read(view.Optional("key"), errors);
        var window = view.Required("window") is { } windowNode ? WindowReader.Read(windowNode, errors) : null;
        var aggregates = view.Required("aggregates") is { } aggregatesNode ? AggregatesReader.Read(aggregatesNode, errors) : null;
        var emit = view.OptionalScalar("emit") is { } emitNode ? ValueReader.Keyword(emitNode, "emit mode", EmitModes, errors) : EmitMode.OnUpdate;
        var gates = GatesReader.Read(view.Optional("gates"), errors);
        if (errors.Count > before || name is null || source is null || format is null || time is null
            || key is null || window is null || aggregates is null || emit is null || gates is null)
        {
            return null;
        }

        return new ViewSpec(name, source, format.Value, time, filter?.Value, filter?.ContentLocation, key, window, aggregates, emit.Value, view.Location)
        {
            Gates = gates,
            SchemaSubject = schema?.Value,
            SchemaLocation = schema?.ContentLocation,
        };
    }

    private static string? Name(ScalarNode? node, DefinitionErrors errors)
    {
        if (node is not null && !NameRules.IsViewName(node.Value))
        {
            errors.Add(node.Location, $"view name '{node.Value}' must be letters, digits and '_', at most {NameRules.MaxViewNameLength} characters");
            return null;
        }

        return node?.Value;
    }

    private static string? Topic(ScalarNode? node, DefinitionErrors errors)
    {
        if (node is not null && !NameRules.IsTopicName(node.Value))
        {
            errors.Add(node.Location, $"source topic '{node.Value}' must be letters, digits, '.', '_' and '-', at most {NameRules.MaxTopicNameLength} characters");
            return null;
        }

        return node?.Value;
    }

    private static SourceFormat? Format(ScalarNode? node, DefinitionErrors errors)
    {
        if (node is null)
        {
            return SourceFormat.Json;
        }

        return ValueReader.Keyword(node, "format", Formats, errors);
    }

    /// <summary>The registry subject an Avro view's values are registered under; only Avro views name one.</summary>
    private static ScalarNode? Schema(ScalarNode? node, SourceFormat? format, DefinitionErrors errors)
    {
        if (node is null)
        {
            return null;
        }

        if (format is SourceFormat.Json)
        {
            errors.Add(node.Location, "'schema' names the registry subject of an Avro source; add 'format: avro' or remove it");
            return null;
        }

        if (string.IsNullOrWhiteSpace(node.Value) || node.Value.Trim() != node.Value)
        {
            errors.Add(node.Location, $"'schema' must be a schema registry subject such as orders-value, found '{node.Value}'");
            return null;
        }

        return node;
    }

    private static ScalarNode? Filter(ScalarNode? node, DefinitionErrors errors)
    {
        if (node is not null && string.IsNullOrWhiteSpace(node.Value))
        {
            errors.Add(node.Location, "'filter' is empty; remove it to keep every event");
            return null;
        }

        return node;
    }
}
