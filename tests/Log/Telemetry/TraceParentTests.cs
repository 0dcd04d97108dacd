using System.Diagnostics;
using System.Text;
using Kappa.Log.Abstractions;
using Kappa.Log.Telemetry;
using Xunit;

namespace Kappa.Log.Tests.Telemetry;

public sealed class TraceParentTests
{
    // The example of the W3C Trace Context specification.
    private const string Example = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    [Fact]
    public void The_specification_s_example_parses_to_its_ids_and_sampled_flag()
    {
        Assert.True(TraceParent.TryParse(Encoding.UTF8.GetBytes(Example), out var context));

        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", context.TraceId.ToHexString());
        Assert.Equal("00f067aa0ba902b7", context.SpanId.ToHexString());
        Assert.Equal(ActivityTraceFlags.Recorded, context.TraceFlags);
        Assert.True(context.IsRemote);
    }

    [Fact]
    public void Formatting_gives_back_the_text_it_was_parsed_from()
    {
        Assert.True(TraceParent.TryParse(Encoding.UTF8.GetBytes(Example), out var context));

        Assert.Equal(Example, Encoding.UTF8.GetString(TraceParent.Format(context)));
        var unsampled = new ActivityContext(context.TraceId, context.SpanId, ActivityTraceFlags.None);
        Assert.EndsWith("-00", Encoding.UTF8.GetString(TraceParent.Format(unsampled)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01")] // uppercase hex
    [InlineData("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")] // version ff
    [InlineData("00-00000000000000000000000000000000-00f067aa0ba902b7-01")] // zero trace id
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01")] // zero span id
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra")] // version 00 has no more fields
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7")] // too short
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7-01")] // wrong separator
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01")] // not hex
    public void Malformed_values_are_refused(string value) =>
        Assert.False(TraceParent.TryParse(Encoding.UTF8.GetBytes(value), out _));

    [Fact]
    public void A_later_version_may_append_fields()
    {
        Assert.True(TraceParent.TryParse(Encoding.UTF8.GetBytes("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-future"), out var context));
        Assert.Equal("00f067aa0ba902b7", context.SpanId.ToHexString());
    }

    [Fact]
    public void It_is_read_from_record_headers_among_others_and_the_last_one_wins()
    {
        Assert.True(TraceParent.TryParse(Encoding.UTF8.GetBytes(Example), out var first));
        var second = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None);
        var headers = Encode([new RecordHeader("kappa.error", "x"u8.ToArray()), TraceParent.Header(first), TraceParent.Header(second)]);

        Assert.True(TraceParent.TryRead(headers, out var read));
        Assert.Equal(second.TraceId, read.TraceId);
        Assert.False(TraceParent.TryRead(Encode([new RecordHeader("kappa.error", "x"u8.ToArray())]), out _));
        Assert.False(TraceParent.TryRead(default, out _));
    }

    [Fact]
    public void Links_keep_distinct_contexts_up_to_the_bound_and_count_every_record()
    {
        var links = new TraceLinks();
        var shared = Encode([TraceParent.Header(Random())]);
        for (var i = 0; i < 5; i++)
        {
            links.Add(shared);
        }

        links.Add(default);
        Assert.Equal((1, 5L), (links.Count, links.Records));

        for (var i = 0; i < KappaTelemetry.MaxLinks + 10; i++)
        {
            links.Add(Encode([TraceParent.Header(Random())]));
        }

        Assert.Equal(KappaTelemetry.MaxLinks, links.Count);
        Assert.Equal(5L + KappaTelemetry.MaxLinks + 10, links.Records);
        Assert.Equal(KappaTelemetry.MaxLinks, links.ToArray().Length);

        links.Clear();
        Assert.Equal((0, 0L), (links.Count, links.Records));
    }

    private static ActivityContext Random() => new(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);

    private static RecordHeaders Encode(IReadOnlyList<RecordHeader> headers)
    {
        var bytes = new byte[RecordHeaders.EncodedLength(headers)];
        RecordHeaders.Encode(headers, bytes);
        return new RecordHeaders(bytes);
    }
}
