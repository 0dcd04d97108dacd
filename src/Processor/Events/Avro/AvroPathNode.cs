using System.Text;

namespace Kappa.Processor.Events.Avro;

/// <summary>
/// A trie over the dotted field paths a view reads: a node per segment, with the slots whose path ends there.
/// Built once per extractor and shared by the plans of every writer schema.
/// </summary>
internal sealed class AvroPathNode
{
    private readonly List<AvroPathNode> _children = [];

    private AvroPathNode(string name)
    {
        Name = name;
        Utf8Name = Encoding.UTF8.GetBytes(name);
    }

    /// <summary>The segment this node stands for (empty at the root).</summary>
    public string Name { get; }

    /// <summary>The segment as UTF-8, to compare with map keys.</summary>
    public byte[] Utf8Name { get; }

    /// <summary>The slots whose path ends here.</summary>
    public List<int> Slots { get; } = [];

    /// <summary>The next segments.</summary>
    public IReadOnlyList<AvroPathNode> Children => _children;

    /// <summary>Whether no path ends at or below this node.</summary>
    public bool IsEmpty => Slots.Count == 0 && _children.Count == 0;

    /// <summary>The trie of <paramref name="paths"/>; slot i is path i.</summary>
    /// <exception cref="ArgumentException">A path is empty or has an empty segment.</exception>
    public static AvroPathNode Build(IReadOnlyList<string> paths)
    {
        var root = new AvroPathNode(string.Empty);
        for (var slot = 0; slot < paths.Count; slot++)
        {
            var node = root;
            foreach (var segment in paths[slot].Split('.'))
            {
                if (segment.Length == 0)
                {
                    throw new ArgumentException($"field path '{paths[slot]}' has an empty segment");
                }

                node = node.Find(segment) ?? node.Add(segment);
            }

            node.Slots.Add(slot);
        }

        return root;
    }

    /// <summary>The child for <paramref name="segment"/>, or null.</summary>
    public AvroPathNode? Find(string segment) => _children.Find(c => c.Name == segment);

    private AvroPathNode Add(string segment)
    {
        var child = new AvroPathNode(segment);
        _children.Add(child);
        return child;
    }
}
