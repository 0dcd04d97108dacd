namespace Kappa.Storage;

/// <summary>
/// RocksDB reported a failure. The message is RocksDB's own status string, e.g.
/// <c>"IO error: lock hold by current process ... LOCK: No locks available"</c> or
/// <c>"Invalid argument: ... does not exist (create_if_missing is false)"</c>.
/// </summary>
public sealed class RocksDbException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RocksDbException()
    {
    }

    /// <summary>Creates the exception with RocksDB's message.</summary>
    /// <param name="message">RocksDB's status string.</param>
    public RocksDbException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public RocksDbException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
