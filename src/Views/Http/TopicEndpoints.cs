using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Kappa.Contracts.Topics;
using Kappa.Log.Abstractions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Kappa.Views.Http;

/// <summary>
/// Topics over HTTP: list, create, and produce. Producing here is how <c>kappa produce</c> reaches the
/// embedded log, which belongs to the one <c>kappa run</c> process, and how any language can produce
/// without a Kafka client, as with Confluent's REST proxy.
/// </summary>
internal static class TopicEndpoints
{
    /// <summary>The most records one produce request may carry.</summary>
    public const int MaxRecordsPerRequest = 100_000;

    /// <summary>
    /// Topics under this prefix belong to Kappa (view changelogs, control records): only Kappa writes them, since a
    /// foreign record there would be read as a row.
    /// </summary>
    public const string InternalPrefix = "_kappa.";

    /// <summary>The schema registry's topic.</summary>
    public const string SchemasTopic = "_schemas";

    public static IEndpointRouteBuilder MapTopicEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/topics").WithTags("Topics");
        group.MapGet("/", ListAsync).WithName("ListTopics").WithSummary("Lists topics with their offsets.");
        group.MapPost("/", CreateAsync).WithName("CreateTopic").WithSummary("Creates a topic (admin).")
            .RequireAdminToken();
        group.MapPost("/{topic}/records", ProduceAsync)
            .WithName("Produce")
            .WithSummary("Appends records; answers with each record's partition and offset once they are durable.");
        return routes;
    }

    private static async Task<Ok<IReadOnlyList<TopicInfo>>> ListAsync(ILog log, CancellationToken cancellationToken)
    {
        var topics = await log.Admin.ListTopicsAsync(cancellationToken);
        using var consumer = log.CreateConsumer("_kappa.http.topics");
        IReadOnlyList<TopicInfo> infos = [.. topics.Select(topic => new TopicInfo(
            topic.Name,
            [.. Enumerable.Range(0, topic.Partitions).Select(p =>
            {
                var watermarks = consumer.GetWatermarks(new TopicPartition(topic.Name, p));
                return new PartitionInfo(p, watermarks.Low, watermarks.High);
            })]))];
        return TypedResults.Ok(infos);
    }

    private static async Task<Results<Created<TopicInfo>, ProblemHttpResult>> CreateAsync(
        CreateTopicRequest request,
        ILog log,
        CancellationToken cancellationToken)
    {
        if (request.Partitions is < 1 or > 10_000)
        {
            return BadRequest("partitions must be between 1 and 10000");
        }

        if (string.IsNullOrEmpty(request.Name))
        {
            return BadRequest("a topic needs a name");
        }

        if (IsInternal(request.Name))
        {
            return InternalTopic(request.Name);
        }

        try
        {
            await log.Admin.CreateTopicAsync(new TopicSpec(request.Name, request.Partitions), cancellationToken);
        }
        catch (TopicExistsException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Topic exists", detail: e.Message);
        }
        catch (Exception e) when (e is ArgumentException or InvalidTopicException)
        {
            return BadRequest(e.Message);
        }

        var partitions = Enumerable.Range(0, request.Partitions).Select(p => new PartitionInfo(p, 0, 0)).ToList();
        return TypedResults.Created($"/topics/{request.Name}", new TopicInfo(request.Name, partitions));
    }

    private static async Task<Results<Ok<ProduceResponse>, ProblemHttpResult>> ProduceAsync(
        string topic,
        ProduceRequest request,
        ILog log,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (IsInternal(topic))
        {
            return InternalTopic(topic);
        }

        if (request.Records is null || request.Records.Count == 0)
        {
            return BadRequest("the request has no records");
        }

        if (request.Records.Count > MaxRecordsPerRequest)
        {
            return BadRequest($"at most {MaxRecordsPerRequest} records per request");
        }

        for (var i = 0; i < request.Records.Count; i++)
        {
            if (request.Records[i] is null || request.Records[i].Value.ValueKind == JsonValueKind.Undefined)
            {
                return BadRequest($"record {i} has no value");
            }
        }

        using var activity = ProduceTracing.Start(topic, request.Records.Count);
        var headers = ProduceTracing.Headers(activity);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        ProducerRecord[] records;
        if (request.ValueFormat == ProduceValueFormat.Binary)
        {
            if (EncodeBinary(request.Records, now, headers, out var problem) is not { } binary)
            {
                return BadRequest(problem!);
            }

            records = binary;
        }
        else
        {
            records = Encode(request.Records, now, headers);
        }

        AppendResult result;
        try
        {
            using var producer = log.CreateProducer();
            result = await producer.AppendAsync(topic, records, cancellationToken);
        }
        catch (Exception e) when (e is ArgumentException or InvalidTopicException)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            return BadRequest(e.Message);
        }

        var offsets = new RecordPosition[result.Offsets.Count];
        for (var i = 0; i < offsets.Length; i++)
        {
            offsets[i] = new RecordPosition(result.Partitions[i], result.Offsets[i]);
        }

        return TypedResults.Ok(new ProduceResponse(topic, offsets));
    }

    /// <summary>Copies every key and value into one buffer, so a request costs one allocation for its bytes.</summary>
    private static ProducerRecord[] Encode(IReadOnlyList<ProduceRecord> input, long now, IReadOnlyList<RecordHeader>? headers)
    {
        var size = 0;
        foreach (var record in input)
        {
            size += (record.Key is null ? 0 : Encoding.UTF8.GetByteCount(record.Key)) + JsonMarshal.GetRawUtf8Value(record.Value).Length;
        }

        var buffer = new byte[size];
        var records = new ProducerRecord[input.Count];
        var pos = 0;
        for (var i = 0; i < input.Count; i++)
        {
            var record = input[i];
            ReadOnlyMemory<byte>? key = null;
            if (record.Key is not null)
            {
                var length = Encoding.UTF8.GetBytes(record.Key, buffer.AsSpan(pos));
                key = buffer.AsMemory(pos, length);
                pos += length;
            }

            var raw = JsonMarshal.GetRawUtf8Value(record.Value);
            raw.CopyTo(buffer.AsSpan(pos));
            // The cast matters: a bare null would convert through byte[] to an empty, non-null value.
            var value = record.Value.ValueKind == JsonValueKind.Null ? (ReadOnlyMemory<byte>?)null : buffer.AsMemory(pos, raw.Length);
            pos += raw.Length;
            records[i] = new ProducerRecord(key, value, record.Timestamp ?? now, record.Partition, headers);
        }

        return records;
    }

    /// <summary>Values carried as base64 strings (Confluent's binary embedded format) become their bytes.</summary>
    private static ProducerRecord[]? EncodeBinary(IReadOnlyList<ProduceRecord> input, long now, IReadOnlyList<RecordHeader>? headers, out string? problem)
    {
        problem = null;
        var records = new ProducerRecord[input.Count];
        for (var i = 0; i < input.Count; i++)
        {
            var record = input[i];
            byte[]? value = null;
            if (record.Value.ValueKind != JsonValueKind.Null && (record.Value.ValueKind != JsonValueKind.String || !record.Value.TryGetBytesFromBase64(out value)))
            {
                problem = $"record {i}: with value_format binary, a value is a base64 string or null";
                return null;
            }

            var key = record.Key is null ? (ReadOnlyMemory<byte>?)null : Encoding.UTF8.GetBytes(record.Key);
            records[i] = new ProducerRecord(key, value is null ? (ReadOnlyMemory<byte>?)null : value, record.Timestamp ?? now, record.Partition, headers);
        }

        return records;
    }

    /// <summary>
    /// Kappa's own topics, and the schema registry's <c>_schemas</c> (named as Confluent's registry names it): a foreign
    /// record there would corrupt the registry, so only Kappa writes them.
    /// </summary>
    private static bool IsInternal(string topic) =>
        topic.StartsWith(InternalPrefix, StringComparison.Ordinal) || topic == SchemasTopic;

    private static ProblemHttpResult InternalTopic(string topic) => TypedResults.Problem(
        statusCode: StatusCodes.Status403Forbidden,
        title: "Internal topic",
        detail: $"topic '{topic}' is internal to Kappa (prefix '{InternalPrefix}', or the schema registry's '{SchemasTopic}'); only Kappa writes it");

    private static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: detail);
}
