namespace Kappa.Log.Embedded.Consuming;

/// <summary>
/// The fetch buffers of a consumer whose caller lets batches be reused (<see cref="Abstractions.ILogConsumer.ReuseBatches"/>):
/// a buffer its cursor has drained is retired, and becomes free for a fetch when the next poll starts, as no record
/// handed out can view it any more. Without reuse nothing is kept: every fetch gets a new array, and records stay
/// valid for as long as their holder likes.
/// <para>Invariant: a free buffer is viewed by no record of the batch the caller holds, nor by any record handed out
/// while reuse was off. A buffer drained during a poll may back records of that poll's batch, so it waits in the
/// retired list until the next poll starts; a buffer a cursor still drains is neither retired nor free; and a buffer
/// fetched while reuse was off is never recycled (the cursor says so when it retires it), even if reuse was turned on
/// since.</para>
/// </summary>
internal sealed class FetchBuffers(int bufferBytes)
{
    private readonly Stack<byte[]> _free = new();
    private readonly List<byte[]> _retired = [];

    /// <summary>Whether drained buffers are recycled; while false, <see cref="Retire"/> lets them go.</summary>
    public bool Recycling { get; set; }

    /// <summary>A free buffer for the next fetch, or null for a new one.</summary>
    public byte[]? Rent() => _free.TryPop(out var buffer) ? buffer : null;

    /// <summary>Gives back a rented buffer the fetch did not use (it needed a larger one): it is still free.</summary>
    public void Unused(byte[] buffer) => _free.Push(buffer);

    /// <summary>
    /// A cursor is done with <paramref name="buffer"/>; records of the batch being collected may still view it.
    /// <paramref name="recyclable"/> says whether reuse was on when it was fetched: records handed out before that
    /// may be kept for good.
    /// </summary>
    public void Retire(byte[] buffer, bool recyclable)
    {
        // Only buffers of the usual size come back: one stretched for a single large frame is left to the GC.
        if (recyclable && Recycling && buffer.Length == bufferBytes)
        {
            _retired.Add(buffer);
        }
    }

    /// <summary>
    /// A poll starts, so the batch before it is invalid: what was retired is free. An idle consumer (its last poll came
    /// back empty) keeps no buffers.
    /// </summary>
    public void NextPoll(bool idle)
    {
        if (idle || !Recycling)
        {
            _free.Clear();
            _retired.Clear();
            return;
        }

        foreach (var buffer in _retired)
        {
            _free.Push(buffer);
        }

        _retired.Clear();
    }
}
