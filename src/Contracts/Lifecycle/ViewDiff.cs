namespace Kappa.Contracts.Lifecycle;

/// <summary>
/// How two versions of a view differ, key by key: the answer of <c>GET /views/{view}/diff?a=&amp;b=</c>. A key is
/// <em>changed</em> when it has rows in both versions and any of its rows (window or values) differs.
/// </summary>
/// <param name="View">The view.</param>
/// <param name="A">The first version.</param>
/// <param name="B">The second version.</param>
/// <param name="RowsA">Rows in A.</param>
/// <param name="RowsB">Rows in B.</param>
/// <param name="KeysAdded">Keys with rows in B only.</param>
/// <param name="KeysRemoved">Keys with rows in A only.</param>
/// <param name="KeysChanged">Keys in both whose rows differ.</param>
/// <param name="KeysUnchanged">Keys in both with identical rows.</param>
/// <param name="HashA">SHA-256 of A's content (row keys and row bytes in order), hex.</param>
/// <param name="HashB">SHA-256 of B's content, hex.</param>
/// <param name="Added">Up to the sample limit, keys added.</param>
/// <param name="Removed">Up to the sample limit, keys removed.</param>
/// <param name="Changed">Up to the sample limit, keys changed.</param>
public sealed record ViewDiff(
    string View,
    int A,
    int B,
    long RowsA,
    long RowsB,
    long KeysAdded,
    long KeysRemoved,
    long KeysChanged,
    long KeysUnchanged,
    string HashA,
    string HashB,
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Removed,
    IReadOnlyList<string> Changed)
{
    /// <summary>Whether the two versions hold byte-identical content.</summary>
    public bool Identical => HashA == HashB;
}
