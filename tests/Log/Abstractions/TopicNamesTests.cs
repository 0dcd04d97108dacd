using Kappa.Log.Abstractions;
using Xunit;

namespace Kappa.Log.Tests.Abstractions;

public sealed class TopicNamesTests
{
    [Theory]
    [InlineData("orders")]
    [InlineData("Orders.v2_eu-west")]
    [InlineData("...")]
    [InlineData("_internal")]
    public void Accepts_kafka_legal_names(string name) => Assert.True(TopicNames.IsValid(name));

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("with space")]
    [InlineData("slash/name")]
    [InlineData("ümlaut")]
    public void Rejects_illegal_names(string name)
    {
        Assert.False(TopicNames.IsValid(name));
        var ex = Assert.Throws<InvalidTopicException>(() => TopicNames.Validate(name));
        Assert.Contains("invalid topic name", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Limits_length_to_249()
    {
        Assert.True(TopicNames.IsValid(new string('a', 249)));
        Assert.False(TopicNames.IsValid(new string('a', 250)));
    }
}
