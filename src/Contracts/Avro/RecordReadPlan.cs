namespace Kappa.Contracts.Avro;

/// <summary>
/// Reads a record in writer field order into a record of the reader schema: each writer field is either read into a
/// reader position or skipped; reader fields the writer lacks take their defaults. Steps are assigned after
/// construction so recursive schemas can refer to the plan being built.
/// </summary>
internal sealed class RecordReadPlan(AvroRecordSchema schema) : ReadPlan
{
    private (int Position, ReadPlan? Plan, AvroSchema Writer)[] _steps = [];
    private (int Position, AvroDefault Value)[] _defaults = [];

    internal void Complete((int Position, ReadPlan? Plan, AvroSchema Writer)[] steps, (int Position, AvroDefault Value)[] defaults)
    {
        _steps = steps;
        _defaults = defaults;
    }

    internal override object? Read(ref AvroBinaryReader reader, int depth)
    {
        var next = Deeper(depth);
        var record = new AvroRecord(schema);
        foreach (var (position, plan, writer) in _steps)
        {
            if (plan is null)
            {
                AvroSkipper.Skip(writer, ref reader, next);
            }
            else
            {
                record[position] = plan.Read(ref reader, next);
            }
        }

        foreach (var (position, value) in _defaults)
        {
            record[position] = value.Create();
        }

        return record;
    }
}
