namespace Kappa.Views.Store;

/// <summary>
/// 32-bit FNV-1a: stable across processes and runtimes (row placement in shards is persisted), cheap on the short
/// keys of view rows, and spread well enough to balance shards and to make collisions in <see cref="KnownRows"/> rare.
/// </summary>
internal static class Fnv1a
{
    public static uint Hash(ReadOnlySpan<byte> data)
    {
        var hash = 2166136261u;
        foreach (var b in data)
        {
            hash = (hash ^ b) * 16777619u;
        }

        return hash;
    }
}
