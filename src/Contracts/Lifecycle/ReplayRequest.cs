namespace Kappa.Contracts.Lifecycle;

/// <summary>The body of <c>POST /views/{view}/versions</c>: build a new version of a view by replaying its source.</summary>
/// <param name="Definition">YAML defining the view (its name must be the view's); null reuses the active version's definition.</param>
/// <param name="From"><c>earliest</c> (the default) or an ISO-8601 timestamp: where in the log to start.</param>
/// <param name="To">An ISO-8601 timestamp to stop at, for a bounded backfill; null keeps the version running live.</param>
/// <param name="Activation"><c>auto</c> activates once the gates pass; <c>manual</c> (the default) waits for an operator.</param>
public sealed record ReplayRequest(string? Definition = null, string? From = null, string? To = null, string? Activation = null);
