using Kappa.Contracts.Definitions;

namespace Kappa.Processor.Pipeline;

/// <summary>One use of a field path in a view definition, so that a check against a schema can point at it.</summary>
/// <param name="Path">The dotted field path.</param>
/// <param name="Use">What reads it, for the message: "the filter", "aggregate 'revenue'".</param>
/// <param name="Location">Where in the file.</param>
internal sealed record FieldUse(string Path, string Use, SourceLocation Location);
