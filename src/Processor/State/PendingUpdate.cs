namespace Kappa.Processor.State;

/// <summary>
/// A view row upsert that is committed in the task's state but not yet confirmed published to the
/// view changelog. <see cref="Sequence"/> orders pending updates; publication keeps that order.
/// </summary>
/// <param name="Sequence">The task-local publication sequence number.</param>
/// <param name="RowKey">The row key (see <see cref="Contracts.Views.RowKey"/>), the changelog record key.</param>
/// <param name="Value">The row as JSON, the changelog record value.</param>
internal sealed record PendingUpdate(long Sequence, byte[] RowKey, byte[] Value);
