using Kappa.Contracts.Avro;
using Kappa.Contracts.Schemas;
using Xunit;

namespace Kappa.Contracts.Tests.Schemas;

public sealed class SubjectNamesTests
{
    private static readonly AvroSchema Bid = AvroSchema.Parse("""{"type":"record","name":"Bid","namespace":"nexmark","fields":[{"name":"price","type":"long"}]}""");

    [Theory]
    [InlineData(SubjectNameStrategy.Topic, false, "bids-value")]
    [InlineData(SubjectNameStrategy.Topic, true, "bids-key")]
    [InlineData(SubjectNameStrategy.Record, false, "nexmark.Bid")]
    [InlineData(SubjectNameStrategy.TopicRecord, false, "bids-nexmark.Bid")]
    public void Subjects_are_named_as_confluents_serializers_name_them(SubjectNameStrategy strategy, bool isKey, string expected) =>
        Assert.Equal(expected, SubjectNames.For(strategy, "bids", Bid, isKey));

    [Fact]
    public void Record_strategies_need_a_record()
    {
        var e = Assert.Throws<ArgumentException>(() => SubjectNames.For(SubjectNameStrategy.Record, "bids", AvroSchema.Parse("\"string\"")));
        Assert.Contains("record schema", e.Message, StringComparison.Ordinal);
        Assert.Equal("bids-value", SubjectNames.For(SubjectNameStrategy.Topic, "bids", AvroSchema.Parse("\"string\"")));
    }

    [Fact]
    public void Compatibility_levels_round_trip_their_wire_names_case_insensitively()
    {
        foreach (var level in Enum.GetValues<CompatibilityLevel>())
        {
            Assert.True(CompatibilityLevels.TryParse(level.ToWireName().ToLowerInvariant(), out var parsed));
            Assert.Equal(level, parsed);
        }

        Assert.False(CompatibilityLevels.TryParse("SIDEWAYS", out _));
        Assert.False(CompatibilityLevels.TryParse(null, out _));
    }
}
