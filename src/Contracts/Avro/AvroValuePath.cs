using System.Text;

namespace Kappa.Contracts.Avro;

/// <summary>
/// The path from the root to the value being encoded, kept as a stack of segments (field names, array indexes, map
/// keys) so error messages can name the bad value without building strings or catching exceptions on the way.
/// </summary>
internal sealed class AvroValuePath
{
    private readonly List<(string? Name, int Index, bool IsKey)> _segments = [];

    internal int Depth => _segments.Count;

    internal void Push(string field) => _segments.Add((field, 0, false));

    internal void Push(int index) => _segments.Add((null, index, false));

    internal void PushKey(string key) => _segments.Add((key, 0, true));

    internal void Pop() => _segments.RemoveAt(_segments.Count - 1);

    internal AvroEncodeException Error(string message)
    {
        var builder = new StringBuilder("$");
        foreach (var (name, index, isKey) in _segments)
        {
            _ = isKey ? builder.Append("[\"").Append(name).Append("\"]")
                : name is null ? builder.Append('[').Append(index).Append(']')
                : builder.Append('.').Append(name);
        }

        return new AvroEncodeException($"{builder}: {message}");
    }
}
