using System.Buffers;
using System.Reflection;
using System.Text.Json;
using Kappa.Contracts.Queries;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;

namespace Kappa.Views.Http;

/// <summary>
/// A point query's answer, a <see cref="KeyQueryResponse"/>, written from the rows as stored. A stored row is already
/// the JSON of a <see cref="Contracts.Views.ViewRow"/>, in the wire convention (RowRenderer writes it so), so the
/// answer is the bytes the serializer would write for the deserialized rows, without deserializing and serializing
/// every row of every query again: that round trip was most of a point query's allocation, and its collections paused
/// the queries in flight.
/// </summary>
internal sealed class StoredRowsResult(string view, int version, string key, IReadOnlyList<byte[]> rows) : IResult, IEndpointMetadataProvider
{
    /// <summary>
    /// A rendered answer larger than this is not kept for the thread's next one: a key with very many rows must not pin
    /// its buffer for the life of the process.
    /// </summary>
    private const int KeptBufferBytes = 64 * 1024;

    // The answer is rendered whole before it is sent, so that it goes out with a Content-Length in one write: written
    // straight into the response and flushed, it was chunked, and the terminating chunk cost a second send per query
    // (a system call, and a wake-up of the client, is what this path spends most on). Rendering is synchronous, so a
    // buffer and writer per thread serve every query without allocating.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        var body = Render();
        response.ContentLength = body.WrittenCount;
        response.BodyWriter.Write(body.WrittenSpan);
        if (body.Capacity > KeptBufferBytes)
        {
            t_buffer = null;
            t_writer = null;
        }

        await response.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }

    /// <summary>The answer's JSON, in this thread's buffer: valid until the thread renders another.</summary>
    private ArrayBufferWriter<byte> Render()
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4 * 1024);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        writer.WriteStartObject();
        writer.WriteString("view"u8, view);
        writer.WriteNumber("version"u8, version);
        writer.WriteString("key"u8, key);
        writer.WriteStartArray("rows"u8);
        foreach (var row in rows)
        {
            writer.WriteRawValue(row, skipInputValidation: true);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
        return buffer;
    }

    /// <summary>Describes the answer in the OpenAPI document as the <see cref="KeyQueryResponse"/> it is.</summary>
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(KeyQueryResponse), ["application/json"]));
    }

    /// <summary>Whether a stored row's window overlaps [<paramref name="from"/>, <paramref name="to"/>), read from its JSON.</summary>
    public static bool Overlaps(ReadOnlySpan<byte> row, DateTimeOffset? from, DateTimeOffset? to)
    {
        if (from is null && to is null)
        {
            return true;
        }

        DateTimeOffset? start = null, end = null;
        var reader = new Utf8JsonReader(row);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
        {
            var name = reader.ValueTextEquals("window_start"u8) ? 1 : reader.ValueTextEquals("window_end"u8) ? 2 : 0;
            reader.Read();
            if (name == 1)
            {
                start = reader.GetDateTimeOffset();
            }
            else if (name == 2)
            {
                end = reader.GetDateTimeOffset();
            }
            else
            {
                reader.Skip();
            }
        }

        return (from is null || end > from) && (to is null || start < to);
    }
}
