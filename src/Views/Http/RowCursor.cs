using System.Buffers.Binary;
using System.Buffers.Text;

namespace Kappa.Views.Http;

/// <summary>
/// The opaque cursor of a paged scan: the version the scan reads and the last row key returned, base64url. Carrying
/// the version is what keeps a scan on one version across a swap: its next pages read the version it began on.
/// </summary>
internal static class RowCursor
{
    public static string Encode(int version, byte[] rowKey)
    {
        var bytes = new byte[sizeof(int) + rowKey.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, version);
        rowKey.CopyTo(bytes, sizeof(int));
        return Base64Url.EncodeToString(bytes);
    }

    public static bool TryDecode(string cursor, out int version, out byte[] rowKey)
    {
        version = 0;
        rowKey = [];
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(cursor);
        }
        catch (FormatException)
        {
            return false;
        }

        if (bytes.Length <= sizeof(int))
        {
            return false;
        }

        version = BinaryPrimitives.ReadInt32BigEndian(bytes);
        rowKey = bytes[sizeof(int)..];
        return version >= 1;
    }
}
