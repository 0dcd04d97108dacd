using System.Text;
using Kappa.Log.Abstractions;
using Kappa.Processor.Pipeline;
using Kappa.Processor.Windows;
using Xunit;

namespace Kappa.Processor.Tests.Pipeline;

/// <summary>Dead letters and late records keep the source record's headers, before Kappa's own.</summary>
public sealed class RejectedRecordsTests
{
    private const string TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    [Fact]
    public void A_dead_letter_keeps_the_source_headers_then_adds_its_context()
    {
        var record = Source(("traceparent", TraceParent), ("tenant", "acme"));

        var dead = RejectedRecords.DeadLetter(record, 7, "v.v1[2]@40", "v", "not JSON");

        var headers = Decode(dead.Headers);
        Assert.Equal(["traceparent", "tenant", RejectionLedger.HeaderName, "kappa.error", "kappa.view", "kappa.source.topic",
            "kappa.source.partition", "kappa.source.offset", "kappa.source.timestamp"], headers.Select(h => h.Name));
        Assert.Equal(TraceParent, headers[0].Value);
        Assert.Equal("acme", headers[1].Value);
        Assert.Equal("not JSON", headers.Single(h => h.Name == "kappa.error").Value);
        Assert.Equal("{}", Encoding.UTF8.GetString(dead.Value!));
    }

    [Fact]
    public void A_source_header_in_kappas_namespace_is_left_out_so_each_of_kappas_appears_once()
    {
        var record = Source(("traceparent", TraceParent), ("kappa.view", "forged"), ("kappa.watermark", "forged"));

        var late = RejectedRecords.Late(record, 7, "v.v1[2]@40", "v", new Window(0, 3_600_000), 3_700_000);

        var headers = Decode(late.Headers);
        Assert.Equal("traceparent", headers[0].Name);
        Assert.Equal("v", Assert.Single(headers, h => h.Name == "kappa.view").Value);
        Assert.DoesNotContain(headers, h => h.Value == "forged");
    }

    [Fact]
    public void A_source_record_without_headers_gets_only_kappas()
    {
        var dead = RejectedRecords.DeadLetter(Source(), 7, "v.v1[2]@40", "v", "bad");

        Assert.All(Decode(dead.Headers), h => Assert.StartsWith("kappa.", h.Name, StringComparison.Ordinal));
    }

    private static LogRecord Source(params (string Name, string Value)[] headers)
    {
        var list = headers.Select(h => new RecordHeader(h.Name, Encoding.UTF8.GetBytes(h.Value))).ToList();
        var encoded = new byte[RecordHeaders.EncodedLength(list)];
        RecordHeaders.Encode(list, encoded);
        return new LogRecord("orders", 2, 40, 1_000, "k"u8.ToArray(), "{}"u8.ToArray(), new RecordHeaders(encoded));
    }

    private static List<(string Name, string Value)> Decode(byte[] headers) =>
        [.. new RecordHeaders(headers).ToList().Select(h => (h.Name, Encoding.UTF8.GetString(h.Value.Span)))];
}
