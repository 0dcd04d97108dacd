using System.Buffers;
using System.Text.Json;
using Kappa.Processor.Events;
using Kappa.Storage;

namespace Kappa.Processor.Aggregates;

/// <summary>
/// The distinct values seen, exactly or as a sketch. Invariant: the state is exact if and only if at most
/// <see cref="CountDistinctAggregate.ExactLimit"/> distinct values were seen, and otherwise a sketch of every
/// value seen; so it depends only on the set of values, whatever the order of adds and merges.
/// State bytes: tag, version, then either mode 0, the count (LEB128) and each value's canonical bytes
/// (LEB128 length, bytes) in ascending byte order; or mode 1 and the sketch (precision byte, 2^p registers).
/// </summary>
internal sealed class CountDistinctState : IAggregateState
{
    private const byte ExactMode = 0;
    private const byte SketchMode = 1;

    private readonly CountDistinctAggregate _function;
    private HashSet<byte[]>? _exact;
    private HashSet<byte[]>.AlternateLookup<ReadOnlySpan<byte>> _exactBySpan;
    private HyperLogLog? _sketch;
    private byte[] _scratch = new byte[32];

    private CountDistinctState(CountDistinctAggregate function, HashSet<byte[]>? exact, HyperLogLog? sketch)
    {
        _function = function;
        _exact = exact;
        _sketch = sketch;
        if (exact is not null)
        {
            _exactBySpan = exact.GetAlternateLookup<ReadOnlySpan<byte>>();
        }
    }

    public static CountDistinctState Create(CountDistinctAggregate function) =>
        function.ExactLimit == 0
            ? new(function, null, new HyperLogLog(function.Precision))
            : new(function, new HashSet<byte[]>(ByteArrayComparer.Instance), null);

    public static CountDistinctState Read(CountDistinctAggregate function, ref StateReader reader)
    {
        switch (reader.ReadByte())
        {
            case ExactMode:
                var count = reader.ReadLength();
                var state = new CountDistinctState(function, new HashSet<byte[]>(count, ByteArrayComparer.Instance), null);
                var previous = ReadOnlySpan<byte>.Empty;
                for (var i = 0; i < count; i++)
                {
                    var value = reader.ReadBytes();
                    if (i > 0 && previous.SequenceCompareTo(value) >= 0)
                    {
                        throw reader.Corrupt("stored distinct values are not in strictly ascending order");
                    }

                    state.AddCanonical(value);
                    previous = value;
                }

                return state;
            case SketchMode:
                return new CountDistinctState(function, null, HyperLogLog.Read(ref reader, function.Precision));
            case var mode:
                throw reader.Corrupt($"stored state has unknown mode {mode}");
        }
    }

    public void Add(in FieldValue input, in EventPosition position)
    {
        if (!input.IsMissingOrNull)
        {
            var length = CanonicalBytes.Write(input, ref _scratch);
            AddCanonical(_scratch.AsSpan(0, length));
        }
    }

    public void Merge(IAggregateState other)
    {
        var state = _function.Expect<CountDistinctState>(other);
        if (state._sketch is not null)
        {
            if (state._sketch.Precision != _function.Precision)
            {
                throw new ArgumentException($"{_function.Call}: cannot merge a sketch of precision {state._sketch.Precision} into one of {_function.Precision}", nameof(other));
            }

            SwitchToSketch().Merge(state._sketch);
            return;
        }

        foreach (var value in state._exact!)
        {
            AddCanonical(value);
        }
    }

    public void Write(IBufferWriter<byte> output)
    {
        output.WriteHeader(StateTag.CountDistinct);
        if (_sketch is not null)
        {
            output.WriteByte(SketchMode);
            _sketch.Write(output);
            return;
        }

        var values = new byte[_exact!.Count][];
        _exact.CopyTo(values);
        Array.Sort(values, ByteArrayComparer.Instance);
        output.WriteByte(ExactMode);
        output.WriteLength(values.Length);
        foreach (var value in values)
        {
            output.WriteBytes(value);
        }
    }

    public void WriteResult(Utf8JsonWriter writer) =>
        writer.WriteNumberValue(_sketch is null ? _exact!.Count : (long)Math.Round(_sketch.Estimate(), MidpointRounding.ToEven));

    private void AddCanonical(ReadOnlySpan<byte> value)
    {
        if (_sketch is not null)
        {
            _sketch.Add(XxHash64.Hash(value));
        }
        else if (_exactBySpan.Add(value) && _exact!.Count > _function.ExactLimit)
        {
            SwitchToSketch();
        }
    }

    private HyperLogLog SwitchToSketch()
    {
        if (_sketch is null)
        {
            _sketch = new HyperLogLog(_function.Precision);
            foreach (var value in _exact!)
            {
                _sketch.Add(XxHash64.Hash(value));
            }

            _exact = null;
            _exactBySpan = default;
        }

        return _sketch;
    }
}
