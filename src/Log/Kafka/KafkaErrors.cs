using Confluent.Kafka;
using Kappa.Log.Abstractions;

namespace Kappa.Log.Kafka;

/// <summary>Turns broker errors into the log contract's exceptions, with a message that says what to do.</summary>
internal static class KafkaErrors
{
    public static bool IsUnknownTopic(ErrorCode code) =>
        code is ErrorCode.UnknownTopicOrPart or ErrorCode.Local_UnknownTopic or ErrorCode.Local_UnknownPartition;

    public static bool IsUnsupported(ErrorCode code) =>
        code is ErrorCode.Local_UnsupportedFeature or ErrorCode.UnsupportedVersion or ErrorCode.Local_TimedOut
            or ErrorCode.RequestTimedOut;

    /// <summary>The exception for a failed topic operation; <paramref name="operation"/> reads "create topic 'x'".</summary>
    public static LogException ForTopic(string topic, string operation, Error error) => error.Code switch
    {
        ErrorCode.TopicAlreadyExists => new TopicExistsException(topic),
        ErrorCode.UnknownTopicOrPart or ErrorCode.Local_UnknownTopic => new UnknownTopicException(topic),
        ErrorCode.TopicException => new InvalidTopicException($"Kafka refused topic name '{topic}': {error.Reason}"),
        ErrorCode.TopicAuthorizationFailed or ErrorCode.ClusterAuthorizationFailed => new LogException(
            $"cannot {operation}: the Kafka principal lacks the right ({error.Code}: {error.Reason}). Grant it (for topics: " +
            "CREATE on the cluster or on the topic prefix, DESCRIBE and DESCRIBE_CONFIGS on topics), or create the topic " +
            "yourself with the partition count and cleanup.policy Kappa asked for."),
        ErrorCode.Local_TimedOut or ErrorCode.RequestTimedOut => new LogException(
            $"cannot {operation}: the cluster did not answer in time ({error.Reason}). A broker without a controller, or " +
            "one that does not implement the admin API (librdkafka's mock cluster), cannot do this: create the topic beforehand."),
        _ => new LogException($"cannot {operation}: {error.Code}: {error.Reason}"),
    };

    /// <summary>The exception for a failed client operation that concerns no one topic.</summary>
    public static LogException For(string operation, KafkaException exception) =>
        new($"cannot {operation}: {exception.Error.Code}: {exception.Error.Reason}", exception);
}
