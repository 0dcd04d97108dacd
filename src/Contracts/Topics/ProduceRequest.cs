using System.Text.Json;

namespace Kappa.Contracts.Topics;

/// <summary>
/// The body of <c>POST /topics/{topic}/records</c>, in the spirit of Confluent's REST proxy (v2, JSON):
/// any language can produce with an HTTP client.
/// </summary>
/// <param name="Records">The records, appended in order.</param>
/// <param name="ValueFormat">How the values are carried; JSON when absent.</param>
public sealed record ProduceRequest(IReadOnlyList<ProduceRecord> Records, ProduceValueFormat? ValueFormat = null);

/// <summary>A record to produce.</summary>
/// <param name="Key">The key as a string, or null to let the partitioner round-robin.</param>
/// <param name="Value">Any JSON value, stored as its UTF-8 JSON text; with <see cref="ProduceValueFormat.Binary"/>, a base64 string, stored as its bytes.</param>
/// <param name="Timestamp">Event time in Unix milliseconds, or null for the time of the request.</param>
/// <param name="Partition">An explicit partition, or null to partition by key.</param>
public sealed record ProduceRecord(string? Key, JsonElement Value, long? Timestamp = null, int? Partition = null);

/// <summary>The answer to a produce request: where each record landed, index for index.</summary>
/// <param name="Topic">The topic written.</param>
/// <param name="Offsets">Partition and offset of each record.</param>
public sealed record ProduceResponse(string Topic, IReadOnlyList<RecordPosition> Offsets);

/// <summary>Where a record landed.</summary>
/// <param name="Partition">The partition.</param>
/// <param name="Offset">The offset in the partition.</param>
public sealed record RecordPosition(int Partition, long Offset);
