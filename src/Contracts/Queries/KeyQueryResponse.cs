using Kappa.Contracts.Views;

namespace Kappa.Contracts.Queries;

/// <summary>The answer to <c>GET /views/{view}/keys/{key}</c>: every window of one key, oldest first.</summary>
/// <param name="View">The view queried.</param>
/// <param name="Version">The view version the whole answer was read from.</param>
/// <param name="Key">The key queried.</param>
/// <param name="Rows">The key's windows in window-start order.</param>
public sealed record KeyQueryResponse(string View, int Version, string Key, IReadOnlyList<ViewRow> Rows);
