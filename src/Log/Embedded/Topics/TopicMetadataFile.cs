using System.Text.Json;
using Kappa.Log.Abstractions;
using Kappa.Log.Embedded.Storage;

namespace Kappa.Log.Embedded.Topics;

/// <summary>
/// A topic's persisted description, <c>topic.json</c> in the topic's directory. It is written once, before the
/// directory is moved into place, so a topic directory without a readable file is an interrupted creation.
/// </summary>
internal static class TopicMetadataFile
{
    public const string FileName = "topic.json";
    private const int CurrentVersion = 1;
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    public static void Write(string topicDirectory, TopicDescription description)
    {
        var document = new TopicMetadataDocument(
            CurrentVersion,
            description.Name,
            description.Partitions,
            description.Config.RetentionMs,
            description.Config.RetentionBytes,
            description.Config.Compacted);
        AtomicFile.Write(Path.Combine(topicDirectory, FileName), JsonSerializer.SerializeToUtf8Bytes(document, JsonOptions), durable: true);
    }

    /// <summary>Reads the description, or null when the file is missing or unreadable.</summary>
    public static TopicDescription? TryRead(string topicDirectory)
    {
        try
        {
            var bytes = File.ReadAllBytes(Path.Combine(topicDirectory, FileName));
            var document = JsonSerializer.Deserialize<TopicMetadataDocument>(bytes, JsonOptions);
            if (document is null || document.Version != CurrentVersion || document.Partitions < 1 || !TopicNames.IsValid(document.Name))
            {
                return null;
            }

            return new TopicDescription(
                document.Name,
                document.Partitions,
                new TopicConfig(document.RetentionMs, document.RetentionBytes, document.Compacted));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            return null;
        }
    }
}

/// <summary>The JSON shape of <c>topic.json</c>.</summary>
internal sealed record TopicMetadataDocument(int Version, string Name, int Partitions, long? RetentionMs, long? RetentionBytes, bool Compacted);
