using System.Text.Json;
using Kappa.Contracts;
using Kappa.Contracts.Lifecycle;

namespace Kappa.Processor.Lifecycle;

/// <summary>
/// This server's copy of the control topic's events, in a file replaced atomically (temporary file, rename), so a
/// crash leaves the previous complete copy. It only saves reading the topic from its start: the topic stays the
/// source of truth, and a copy that runs ahead of the topic (a recreated log) is discarded.
/// </summary>
internal sealed class LocalCopy(string path)
{
    private readonly List<StoredEvent> _events = [];

    public IReadOnlyList<StoredEvent> Events => _events;

    public void Load()
    {
        _events.Clear();
        if (!File.Exists(path))
        {
            return;
        }

        try
        {
            _events.AddRange(JsonSerializer.Deserialize<List<StoredEvent>>(File.ReadAllBytes(path), KappaJson.Options) ?? []);
        }
        catch (JsonException)
        {
            // A copy that cannot be read is rebuilt from the topic: it never was the source of truth.
            _events.Clear();
        }
    }

    public void Discard() => _events.Clear();

    public void Append(IEnumerable<(ControlEvent Event, long Offset)> events)
    {
        var before = _events.Count;
        _events.AddRange(events.Select(e => new StoredEvent(e.Offset, e.Event)));
        if (_events.Count == before)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(_events, KappaJson.Options));
        File.Move(temporary, path, overwrite: true);
    }
}

/// <summary>An event of the local copy, with its control-topic offset.</summary>
internal sealed record StoredEvent(long Offset, ControlEvent Event);
