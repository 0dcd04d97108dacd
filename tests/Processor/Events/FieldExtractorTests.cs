using System.Text;
using System.Text.Json;
using Kappa.Processor.Events;
using Xunit;

namespace Kappa.Processor.Tests.Events;

public sealed class FieldExtractorTests
{
    [Fact]
    public void Extracts_each_kind_and_leaves_absent_fields_missing()
    {
        var values = Extract(
            """{"s":"paid","n":12.50,"b":true,"z":null,"o":{"a":[1,2]},"big":1e300,"ignored":{"s":"no"}}""",
            "s", "n", "b", "z", "o", "big", "absent");

        Assert.Equal(("paid", FieldKind.Text), (values[0].ToString(), values[0].Kind));
        Assert.Equal(12.50m, values[1].Number);
        Assert.False(values[1].IsApproximate);
        Assert.True(values[2].Boolean);
        Assert.Equal(FieldKind.Null, values[3].Kind);
        Assert.Equal(("""{"a":[1,2]}""", FieldKind.Composite), (values[4].ToString(), values[4].Kind));
        Assert.True(values[5].IsApproximate);
        Assert.Equal(1e300, values[5].AsDouble);
        Assert.Equal(FieldKind.Missing, values[6].Kind);
    }

    [Fact]
    public void Dotted_paths_reach_into_nested_objects()
    {
        var values = Extract("""{"customer":{"tier":"gold","address":{"city":"Köln"}},"tier":"top"}""", "customer.tier", "customer.address.city", "tier");

        Assert.Equal(["gold", "Köln", "top"], values.Select(v => v.ToString()));
    }

    [Fact]
    public void Escaped_strings_are_unescaped_and_plain_ones_slice_the_event()
    {
        var json = Encoding.UTF8.GetBytes("""{"a":"x\"y\u00e9","b":"plain"}""");
        var extractor = new FieldExtractor(["a", "b"]);
        var slots = new FieldValue[2];

        extractor.Extract(json, slots);

        Assert.Equal("x\"yé", slots[0].ToString());
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(slots[1].Utf8, out var segment));
        Assert.Same(json, segment.Array);
    }

    [Fact]
    public void The_last_duplicate_wins_and_one_path_may_feed_several_slots()
    {
        var values = Extract("""{"a":1,"a":2}""", "a", "a");

        Assert.Equal([2m, 2m], values.Select(v => v.Number));
    }

    [Fact]
    public void An_object_and_a_field_inside_it_can_both_be_read()
    {
        var values = Extract("""{"order":{"amount":5,"id":"x"},"n":1}""", "order", "order.amount", "n");

        Assert.Equal(("""{"amount":5,"id":"x"}""", FieldKind.Composite), (values[0].ToString(), values[0].Kind));
        Assert.Equal(5m, values[1].Number);
        Assert.Equal(1m, values[2].Number);
    }

    [Theory]
    [InlineData("""{"a":"\ud800"}""")]
    [InlineData("""[1,2]""")]
    [InlineData("""{"a":""")]
    [InlineData("""{"a":1} {"b":2}""")]
    [InlineData("""{"a":1e999}""")]
    [InlineData("""not json""")]
    public void Malformed_events_are_json_errors(string json)
    {
        var error = Assert.Throws<EventDecodeException>(() => Extract(json, "a"));
        Assert.StartsWith("the value is not a JSON object: ", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<JsonException>(error.InnerException);
    }

    private static FieldValue[] Extract(string json, params string[] paths)
    {
        var slots = new FieldValue[paths.Length];
        new FieldExtractor(paths).Extract(Encoding.UTF8.GetBytes(json), slots);
        return slots;
    }
}
