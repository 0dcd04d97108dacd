using System.Buffers;
using System.Text;
using Kappa.Processor.Pipeline;
using Kappa.Processor.Windows;
using Xunit;

namespace Kappa.Processor.Tests.Pipeline;

/// <summary>
/// A partial row's own row (<see cref="RowRenderer.RowOfPartial"/>): found only when the record ends as the renderer ends it, and
/// then the bytes merging its state alone renders. Pipeline tests check the same for every partial their tasks publish
/// (PipelineHarness), with every aggregate holding values.
/// </summary>
public sealed class RowRendererTests
{
    private static readonly CompiledView View = ViewCompiler.CompileText("""
        view: every_aggregate
        source: orders
        time: { field: ts }
        key: [region]
        window: { tumbling: 1h }
        aggregates:
          n: count()
          total: sum(amount)
          mean: avg(amount)
          low: min(amount)
          high: max(amount)
          buyers: count_distinct(customer)
          first_sku: first(sku)
          last_sku: last(sku)
          top: top(amount, 2)
        """, "test.yaml")[0];

    [Fact]
    public void A_rendered_partials_own_row_is_what_merging_its_state_alone_renders()
    {
        var renderer = new RowRenderer(View);
        var row = RowState.Create(new Window(3_600_000, 7_200_000), View.Aggregates);
        var partial = renderer.RenderPartial("eu"u8, row, partition: 3);

        var (partition, state) = RowRenderer.ReadPartial(partial, out var rowEnd);

        Assert.Equal(3, partition);
        Assert.True(rowEnd > 0);
        Assert.Equal(
            Encoding.UTF8.GetString(renderer.RenderMerged("eu"u8, [state])),
            RowOf(partial.AsSpan(0, rowEnd)));
    }

    [Theory]
    [InlineData("""{"key":"eu","values":{},"state":"AA==","partition":1}""")]
    [InlineData("""{"key":"eu","values":{},"partition":1,"state":"AA==","more":1}""")]
    [InlineData("""{"key":"eu","values":{},"partition":1,"state":"AA==" }""")]
    [InlineData("""{"key":"eu","values":{} ,"partition":1,"state":"AA=="}""")]
    [InlineData("""{"partition":1,"state":"AA=="}""")]
    public void A_partial_in_another_shape_says_nothing_of_its_row(string json)
    {
        var (partition, state) = RowRenderer.ReadPartial(Encoding.UTF8.GetBytes(json), out var rowEnd);

        Assert.Equal(1, partition);
        Assert.Equal([0], state);
        Assert.Equal(-1, rowEnd);
    }

    [Fact]
    public void The_row_of_a_partial_in_the_renderers_shape_drops_only_its_partition_and_state()
    {
        var json = """{"key":"eu","values":{"partition":2},"partition":1,"state":"AA=="}"""u8;

        RowRenderer.ReadPartial(json, out var rowEnd);

        Assert.Equal("""{"key":"eu","values":{"partition":2}}""", RowOf(json[..rowEnd]));
    }

    [Fact]
    public void A_partial_state_that_is_not_a_whole_row_is_refused_as_malformed()
    {
        var renderer = new RowRenderer(View);
        var row = RowState.Create(new Window(3_600_000, 7_200_000), View.Aggregates);
        var (_, state) = RowRenderer.ReadPartial(renderer.RenderPartial("eu"u8, row, partition: 3));

        // The materializer skips a row whose partials are malformed (FormatException); any other exception stops it.
        Assert.Throws<FormatException>(() => renderer.RenderMerged("eu"u8, [state, [0xFF]]));
        Assert.Throws<FormatException>(() => renderer.RenderMerged("eu"u8, [state, state[..20]]));
        Assert.Throws<FormatException>(() => renderer.RenderMerged("eu"u8, [state, [.. state, 0]]));
        Assert.Throws<FormatException>(() => renderer.RenderMerged("eu"u8, [state, [.. state[..16], 0x7F, 0, 0, 0]]));
    }

    [Fact]
    public void A_merged_row_appended_to_a_buffer_is_the_array_forms_bytes_and_a_failed_merge_appends_nothing()
    {
        var renderer = new RowRenderer(View);
        var row = RowState.Create(new Window(3_600_000, 7_200_000), View.Aggregates);
        var (_, state) = RowRenderer.ReadPartial(renderer.RenderPartial("eu"u8, row, partition: 3));
        var output = new ArrayBufferWriter<byte>();
        output.Write("x"u8);

        renderer.RenderMerged("eu"u8, [state, state], output);
        Assert.Throws<FormatException>(() => renderer.RenderMerged("eu"u8, [state, [0xFF]], output));

        Assert.Equal("x" + Encoding.UTF8.GetString(renderer.RenderMerged("eu"u8, [state, state])), Encoding.UTF8.GetString(output.WrittenSpan));
    }

    private static string RowOf(ReadOnlySpan<byte> rowPart)
    {
        var output = new ArrayBufferWriter<byte>();
        RowRenderer.RowOfPartial(rowPart, output);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
