namespace Kappa.Log.Lag;

/// <summary>
/// The sliding window of one group's observations of one partition, and the time its committed offset last
/// moved. Invariants: at most <see cref="LagThresholds.WindowSize"/> observations, oldest first;
/// <see cref="LastMovedAt"/> is the time of the first observation or of the latest one whose committed offset
/// differed from the one before, whichever is later.
/// </summary>
internal sealed class PartitionLagWindow(int capacity)
{
    private readonly Queue<LagObservation> _observations = new(capacity);

    public IReadOnlyCollection<LagObservation> Observations => _observations;

    public long LastMovedAt { get; private set; }

    public LagObservation Latest { get; private set; }

    public void Add(LagObservation observation)
    {
        if (_observations.Count == 0 || observation.Committed != Latest.Committed)
        {
            LastMovedAt = observation.At;
        }

        if (_observations.Count == capacity)
        {
            _observations.Dequeue();
        }

        _observations.Enqueue(observation);
        Latest = observation;
    }
}
