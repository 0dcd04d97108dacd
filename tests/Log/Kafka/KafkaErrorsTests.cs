using Confluent.Kafka;
using Kappa.Log.Abstractions;
using Kappa.Log.Kafka;
using Xunit;

namespace Kappa.Log.Tests.Kafka;

public sealed class KafkaErrorsTests
{
    [Theory]
    [InlineData(ErrorCode.TopicAuthorizationFailed)]
    [InlineData(ErrorCode.ClusterAuthorizationFailed)]
    public void A_refusal_for_lack_of_rights_says_which_right_and_what_else_to_do(ErrorCode code)
    {
        var error = KafkaErrors.ForTopic("_kappa.view.v.v1", "create topic '_kappa.view.v.v1'", new Error(code, "denied"));

        Assert.IsType<LogException>(error);
        Assert.Contains("cannot create topic '_kappa.view.v.v1'", error.Message, StringComparison.Ordinal);
        Assert.Contains("lacks the right", error.Message, StringComparison.Ordinal);
        Assert.Contains("CREATE on the cluster", error.Message, StringComparison.Ordinal);
        Assert.Contains("cleanup.policy", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Broker_errors_map_to_the_contracts_exceptions()
    {
        Assert.IsType<TopicExistsException>(KafkaErrors.ForTopic("t", "create topic 't'", new Error(ErrorCode.TopicAlreadyExists)));
        Assert.IsType<UnknownTopicException>(KafkaErrors.ForTopic("t", "delete topic 't'", new Error(ErrorCode.UnknownTopicOrPart)));
        Assert.IsType<InvalidTopicException>(KafkaErrors.ForTopic("t", "create topic 't'", new Error(ErrorCode.TopicException)));
        Assert.Contains("did not answer in time", KafkaErrors.ForTopic("t", "create topic 't'", new Error(ErrorCode.Local_TimedOut)).Message, StringComparison.Ordinal);
    }
}
