namespace Kappa.Contracts.Schemas;

/// <summary>The content types of Confluent's schema registry API.</summary>
public static class SchemaRegistryMediaTypes
{
    /// <summary>What the registry answers with, and what clients send.</summary>
    public const string V1Json = "application/vnd.schemaregistry.v1+json";

    /// <summary>The Accept header Confluent's clients send.</summary>
    public const string Accept = "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json, application/json";
}
