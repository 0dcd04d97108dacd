namespace Kappa.Log.Lag;

/// <summary>One look at a group's partition.</summary>
/// <param name="At">When it was taken, in Unix ms of the monitor's clock.</param>
/// <param name="Committed">The group's committed offset: the next record it will read.</param>
/// <param name="LogEnd">The partition's high watermark at that moment.</param>
/// <param name="Lag">Records not yet consumed: <c>LogEnd - max(Committed, low watermark)</c>, never negative.</param>
internal readonly record struct LagObservation(long At, long Committed, long LogEnd, long Lag);
