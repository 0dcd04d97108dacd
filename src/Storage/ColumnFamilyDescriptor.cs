namespace Kappa.Storage;

/// <summary>A column family to open: its name and options.</summary>
/// <param name="Name">The column family name.</param>
/// <param name="Options">Its options, or null to use the <see cref="DbOptions"/> passed to <see cref="RocksDb.Open(DbOptions, string, ColumnFamilies)"/>.</param>
public sealed record ColumnFamilyDescriptor(string Name, ColumnFamilyOptions? Options);
