using System.Collections;

namespace Kappa.Storage;

/// <summary>
/// The column families to open with <see cref="RocksDb.Open(DbOptions, string, ColumnFamilies)"/>. RocksDB requires
/// every existing column family to be listed (<see cref="RocksDb.ListColumnFamilies"/> tells which exist); with
/// <see cref="DbOptions.SetCreateMissingColumnFamilies"/> the missing ones are created.
/// </summary>
/// <remarks>
/// The default column family is always present, first. Adding <see cref="DefaultName"/> replaces its options; adding
/// any other name twice throws. Supports collection initializers: <c>new ColumnFamilies { { "events", options } }</c>.
/// </remarks>
public sealed class ColumnFamilies : IEnumerable<ColumnFamilyDescriptor>
{
    /// <summary>The name of the column family every database has.</summary>
    public const string DefaultName = "default";

    private readonly List<ColumnFamilyDescriptor> _descriptors = [];

    /// <summary>Starts with the default column family.</summary>
    /// <param name="defaultOptions">Options for the default column family, or null to use the database options.</param>
    public ColumnFamilies(ColumnFamilyOptions? defaultOptions = null)
    {
        _descriptors.Add(new ColumnFamilyDescriptor(DefaultName, defaultOptions));
    }

    /// <summary>The number of column families, the default one included.</summary>
    public int Count => _descriptors.Count;

    /// <summary>Adds a column family.</summary>
    /// <param name="name">Its name.</param>
    /// <param name="options">Its options, or null to use the database options.</param>
    public void Add(string name, ColumnFamilyOptions? options) => Add(new ColumnFamilyDescriptor(name, options));

    /// <summary>Adds a column family.</summary>
    /// <param name="descriptor">Its name and options.</param>
    /// <exception cref="ArgumentException">The name is empty or already added.</exception>
    public void Add(ColumnFamilyDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentException.ThrowIfNullOrEmpty(descriptor.Name, nameof(descriptor));
        if (descriptor.Name == DefaultName)
        {
            _descriptors[0] = descriptor;
            return;
        }

        if (_descriptors.Exists(d => d.Name == descriptor.Name))
        {
            throw new ArgumentException($"Column family '{descriptor.Name}' is already listed.", nameof(descriptor));
        }

        _descriptors.Add(descriptor);
    }

    /// <inheritdoc />
    public IEnumerator<ColumnFamilyDescriptor> GetEnumerator() => _descriptors.GetEnumerator();

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
