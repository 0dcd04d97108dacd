using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Kappa.Contracts.Definitions;

/// <summary>
/// Reads YAML text into <see cref="DefinitionNode"/> trees, one per document, from YamlDotNet's event
/// parser. A syntax error ends the file: documents completed before it are kept, the broken one is dropped
/// and the error is reported at YamlDotNet's mark. Duplicate keys and unknown aliases are reported and
/// reading goes on.
/// </summary>
internal sealed class YamlTreeReader
{
    private readonly string _file;
    private readonly DefinitionErrors _errors;
    private readonly Dictionary<string, DefinitionNode> _anchors = new(StringComparer.Ordinal);
    private readonly Stack<SourceLocation> _open = new();
    private SourceLocation _lastSeen;

    private YamlTreeReader(string file, DefinitionErrors errors)
    {
        _file = file;
        _errors = errors;
        _lastSeen = new SourceLocation(file, 1, 1);
    }

    /// <summary>The root of each document in order; null for an empty document.</summary>
    public static IReadOnlyList<DefinitionNode?> Read(string text, string file, DefinitionErrors errors) =>
        new YamlTreeReader(file, errors).ReadDocuments(text);

    private List<DefinitionNode?> ReadDocuments(string text)
    {
        var documents = new List<DefinitionNode?>();
        var parser = new Parser(new StringReader(text));
        try
        {
            parser.Consume<StreamStart>();
            while (!parser.Accept<StreamEnd>(out _))
            {
                parser.Consume<DocumentStart>();
                _anchors.Clear();
                var root = ReadNode(parser);
                parser.Consume<DocumentEnd>();
                documents.Add(root is ScalarNode { IsNull: true } ? null : root);
            }
        }
        catch (YamlException e)
        {
            _errors.Add(At(e.Start), $"YAML syntax error: {Sentence(e.Message)}");
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner can fail without a mark (seen on an unclosed flow collection at the end
            // of the file); the innermost collection still open is the best place to point at.
            var where = _open.Count > 0 ? _open.Peek() : _lastSeen;
            _errors.Add(where, "YAML syntax error: this collection is not closed properly (unbalanced brackets or quotes?)");
        }

        return documents;
    }

    private DefinitionNode ReadNode(IParser parser)
    {
        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            _lastSeen = At(alias.Start);
            if (_anchors.TryGetValue(alias.Value.Value, out var anchored))
            {
                return anchored;
            }

            _errors.Add(At(alias.Start), $"unknown YAML alias '*{alias.Value.Value}'");
            return new ScalarNode(string.Empty, true, true, At(alias.Start), At(alias.Start));
        }

        DefinitionNode node;
        AnchorName anchor;
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            _lastSeen = At(scalar.End);
            anchor = scalar.Anchor;
            node = ToScalar(scalar);
        }
        else if (parser.TryConsume<SequenceStart>(out var sequenceStart))
        {
            anchor = sequenceStart.Anchor;
            node = ReadSequence(parser, At(sequenceStart.Start));
        }
        else
        {
            var mappingStart = parser.Consume<MappingStart>();
            anchor = mappingStart.Anchor;
            node = ReadMapping(parser, mappingStart.Style == MappingStyle.Flow, At(mappingStart.Start));
        }

        if (!anchor.IsEmpty)
        {
            _anchors[anchor.Value] = node;
        }

        return node;
    }

    private SequenceNode ReadSequence(IParser parser, SourceLocation location)
    {
        _open.Push(location);
        var items = new List<DefinitionNode>();
        while (!parser.TryConsume<SequenceEnd>(out _))
        {
            items.Add(ReadNode(parser));
        }

        _open.Pop();
        return new SequenceNode(items, location);
    }

    private MappingNode ReadMapping(IParser parser, bool isFlow, SourceLocation location)
    {
        _open.Push(location);
        var entries = new List<MappingEntry>();
        var seen = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var keyNode = ReadNode(parser);
            var value = ReadNode(parser);
            if (keyNode is not ScalarNode { IsNull: false } key)
            {
                _errors.Add(keyNode.Location, $"a key must be a name, found {keyNode.Description}");
                continue;
            }

            if (seen.TryGetValue(key.Value, out var first))
            {
                _errors.Add(key.Location, $"duplicate key '{key.Value}' (first at line {first.Line})");
                continue;
            }

            seen.Add(key.Value, key.Location);
            entries.Add(new MappingEntry(key, value));
        }

        _open.Pop();
        return new MappingNode(entries, isFlow, location);
    }

    private ScalarNode ToScalar(Scalar scalar)
    {
        var location = At(scalar.Start);
        var isPlain = scalar.Style is ScalarStyle.Plain or ScalarStyle.Any;
        var isQuoted = scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted;
        var isNull = isPlain && scalar.Value is "" or "~" or "null" or "Null" or "NULL";
        var content = isQuoted ? location.AddColumns(1) : location;
        return new ScalarNode(scalar.Value, isNull, isPlain, location, content);
    }

    private SourceLocation At(Mark mark) => new(_file, checked((int)mark.Line), checked((int)mark.Column));

    /// <summary>YamlDotNet's messages are sentences ("While scanning ..., found ....") joined into ours.</summary>
    private static string Sentence(string message)
    {
        var trimmed = message.Trim().TrimEnd('.');
        return trimmed.Length > 0 ? char.ToLowerInvariant(trimmed[0]) + trimmed[1..] : "malformed YAML";
    }
}
