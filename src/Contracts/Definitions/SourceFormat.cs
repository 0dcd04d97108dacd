namespace Kappa.Contracts.Definitions;

/// <summary>How the values of a view's source topic are encoded.</summary>
public enum SourceFormat
{
    /// <summary>UTF-8 JSON, one value per record.</summary>
    Json,
}
