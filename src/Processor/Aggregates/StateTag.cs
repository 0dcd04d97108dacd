namespace Kappa.Processor.Aggregates;

/// <summary>The first byte of every built-in state: which aggregate wrote it. Values are stored; never renumber.</summary>
internal enum StateTag : byte
{
    Count = 1,
    Sum = 2,
    Average = 3,
    Min = 4,
    Max = 5,
    First = 6,
    Last = 7,
    CountDistinct = 8,
    Top = 9,
}
