using Kappa.Contracts.Views;

namespace Kappa.Contracts.Queries;

/// <summary>A page of <c>GET /views/{view}/rows</c>, in row-key order.</summary>
/// <param name="View">The view queried.</param>
/// <param name="Version">The version the page was read from; a cursor is only valid for that version.</param>
/// <param name="Rows">The rows of this page.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> to read the next page; null on the last page.</param>
public sealed record RowsPage(string View, int Version, IReadOnlyList<ViewRow> Rows, string? NextCursor);
