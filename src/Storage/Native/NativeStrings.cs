using System.Runtime.InteropServices;
using System.Text;

namespace Kappa.Storage.Native;

/// <summary>UTF-8 C strings in both directions: names and paths going in, RocksDB-allocated strings coming out.</summary>
internal static class NativeStrings
{
    /// <summary>Encodes <paramref name="value"/> as a NUL-terminated UTF-8 array, ready to be pinned with <c>fixed</c>.</summary>
    /// <exception cref="ArgumentException">The string contains NUL, which C would silently truncate at.</exception>
    public static byte[] ToNullTerminatedUtf8(string value, string parameterName)
    {
        ThrowIfContainsNul(value, parameterName);
        var bytes = new byte[Encoding.UTF8.GetByteCount(value) + 1];
        Encoding.UTF8.GetBytes(value, bytes);
        return bytes;
    }

    /// <summary>Rejects null and strings with NUL, which C would silently truncate at.</summary>
    public static void ThrowIfContainsNul(string value, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(value, parameterName);
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("The string must not contain NUL characters.", parameterName);
        }
    }

    /// <summary>Copies a RocksDB-allocated C string and frees it; null stays null.</summary>
    public static string? TakeOwnership(IntPtr value)
    {
        if (value == IntPtr.Zero)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(value);
        }
        finally
        {
            NativeMethods.rocksdb_free(value);
        }
    }
}
