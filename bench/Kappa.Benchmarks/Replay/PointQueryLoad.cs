using System.Buffers.Text;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Kappa.Benchmarks.Replay;

/// <summary>
/// An open-loop HTTP/1.1 load client for point queries, lean enough to share two cores with the server it measures:
/// one thread per keep-alive connection, blocking socket calls (a reply wakes its thread directly, not a thread-pool
/// hop), one request at a time per connection. Request i is due at i / rate and goes out on connection i mod N. Its
/// latency runs from when it was due if its connection was still busy with the request before (so waiting behind
/// a slow answer counts, as in wrk2), else from when it was sent (so the client's own timer slack, about a
/// millisecond, does not).
/// </summary>
internal sealed class PointQueryLoad(Uri url, string view, int keys, int connections)
{
    /// <summary>The latencies (ms, in schedule order) and how many answers were not 200.</summary>
    public sealed record Result(double[] Latencies, int Failures, TimeSpan Elapsed);

    public Result Run(int rate, TimeSpan duration)
    {
        var total = (int)(rate * duration.TotalSeconds);
        var latencies = new double[total];
        var failures = 0;
        var random = new Random(7);
        var requests = Enumerable.Range(0, total)
            .Select(_ => Encoding.ASCII.GetBytes($"GET /views/{view}/keys/c{random.Next(keys)} HTTP/1.1\r\nHost: {url.Authority}\r\n\r\n"))
            .ToArray();
        var sockets = new List<Socket>();
        try
        {
            for (var c = 0; c < connections; c++)
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                socket.Connect(url.Host, url.Port);
                sockets.Add(socket);
            }

            var start = Stopwatch.GetTimestamp();
            var threads = sockets.Select((socket, c) => new Thread(
            () =>
            {
                var buffer = new byte[64 * 1024];
                var free = start;
                for (var i = c; i < total; i += connections)
                {
                    var due = start + (long)((double)i / rate * Stopwatch.Frequency);
                    var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                    if (wait > TimeSpan.Zero)
                    {
                        Thread.Sleep(wait);
                    }

                    var sent = Stopwatch.GetTimestamp();
                    socket.Send(requests[i]);
                    if (!ReadResponse(socket, buffer))
                    {
                        Interlocked.Increment(ref failures);
                    }

                    latencies[i] = Stopwatch.GetElapsedTime(free > due ? due : sent).TotalMilliseconds;
                    free = Stopwatch.GetTimestamp();
                }
            })
            {
                IsBackground = true,
                Name = $"query load {c}",
            }).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
            return new Result(latencies, failures, Stopwatch.GetElapsedTime(start));
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }
    }

    /// <summary>Reads one response (Content-Length or chunked body); returns whether its status was 200.</summary>
    private static bool ReadResponse(Socket socket, byte[] buffer)
    {
        var filled = 0;
        int headerEnd;
        while ((headerEnd = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8)) < 0)
        {
            filled += Receive(socket, buffer, filled);
        }

        var (ok, contentLength) = Head(buffer.AsSpan(0, headerEnd));
        var body = headerEnd + 4;
        if (contentLength >= 0)
        {
            while (filled < body + contentLength)
            {
                filled += Receive(socket, buffer, filled);
            }

            return ok;
        }

        // Chunked: the body ends with the zero-length chunk and an empty trailer.
        while (buffer.AsSpan(body, filled - body).IndexOf("\r\n0\r\n\r\n"u8) < 0 && !buffer.AsSpan(body, filled - body).StartsWith("0\r\n\r\n"u8))
        {
            filled += Receive(socket, buffer, filled);
        }

        return ok;
    }

    private static int Receive(Socket socket, byte[] buffer, int filled)
    {
        var read = socket.Receive(buffer.AsSpan(filled));
        return read > 0 ? read : throw new IOException("the server closed the connection");
    }

    /// <summary>Whether the status is 200, and the Content-Length, or -1 when there is none (chunked).</summary>
    private static (bool Ok, int ContentLength) Head(ReadOnlySpan<byte> headers)
    {
        var name = "content-length: "u8;
        for (var line = 0; line < headers.Length;)
        {
            var end = headers[line..].IndexOf("\r\n"u8);
            var current = end < 0 ? headers[line..] : headers.Slice(line, end);
            if (current.Length > name.Length && Ascii.EqualsIgnoreCase(current[..name.Length], name)
                && Utf8Parser.TryParse(current[name.Length..], out int length, out _))
            {
                return (headers.StartsWith("HTTP/1.1 200"u8), length);
            }

            line = end < 0 ? headers.Length : line + end + 2;
        }

        return (headers.StartsWith("HTTP/1.1 200"u8), -1);
    }
}
