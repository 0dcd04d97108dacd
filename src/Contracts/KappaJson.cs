using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kappa.Contracts;

/// <summary>
/// The one JSON convention of Kappa's wire shapes (HTTP bodies, CLI --json output, changelog values):
/// snake_case names, no indentation, nulls omitted. Server and client share it so they cannot drift.
/// </summary>
public static class KappaJson
{
    /// <summary>Serializer options for every Kappa wire shape.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>Applies the convention to options owned by someone else, such as ASP.NET Core's.</summary>
    public static void Apply(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = null;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.WriteIndented = false;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
    }

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Apply(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
