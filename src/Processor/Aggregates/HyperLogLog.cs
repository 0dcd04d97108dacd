using System.Buffers;
using System.Numerics;

namespace Kappa.Processor.Aggregates;

/// <summary>
/// A HyperLogLog sketch of 2^p one-byte registers over 64-bit hashes: the top p bits choose a register, which keeps
/// the largest rank (leading zeros + 1) of the remaining bits. Standard error ≈ 1.04 / √(2^p); p = 14 gives 0.81%
/// in 16 KiB. Registers are a pure function of the set of hashes added, so adding and merging commute.
/// </summary>
/// <remarks>
/// The estimate uses Otmar Ertl's improved raw estimator ("New cardinality estimation algorithms for HyperLogLog
/// sketches", 2017), which is unbiased across the whole range without empirical bias tables. It uses only IEEE
/// addition, multiplication, division and square root, which are correctly rounded, so the estimate is the same
/// on every machine.
/// </remarks>
internal sealed class HyperLogLog
{
    public const int MinPrecision = 4;
    public const int MaxPrecision = 18;

    // α∞ = 1 / (2 ln 2), the limit of the HyperLogLog bias constant as the register count grows.
    private const double AlphaInfinity = 0.7213475204444817;

    private readonly byte[] _registers;

    public HyperLogLog(int precision)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(precision, MinPrecision);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(precision, MaxPrecision);
        Precision = precision;
        _registers = new byte[1 << precision];
    }

    public int Precision { get; }

    /// <summary>The largest rank a register can hold: all 64 − p remaining bits zero.</summary>
    public int MaxRank => 65 - Precision;

    public ReadOnlySpan<byte> Registers => _registers;

    /// <summary>The relative standard error of the estimate, 1.04 / √(2^p).</summary>
    public static double StandardError(int precision) => 1.04 / Math.Sqrt(1 << precision);

    public void Add(ulong hash)
    {
        var index = (int)(hash >> (64 - Precision));
        var rest = hash << Precision;
        var rank = rest == 0 ? MaxRank : BitOperations.LeadingZeroCount(rest) + 1;
        if (rank > _registers[index])
        {
            _registers[index] = (byte)rank;
        }
    }

    public void Merge(HyperLogLog other)
    {
        for (var i = 0; i < _registers.Length; i++)
        {
            _registers[i] = Math.Max(_registers[i], other._registers[i]);
        }
    }

    public double Estimate()
    {
        var m = (double)_registers.Length;
        var q = 64 - Precision;
        Span<int> histogram = stackalloc int[q + 2];
        foreach (var register in _registers)
        {
            histogram[register]++;
        }

        var z = m * Tau(1.0 - (histogram[q + 1] / m));
        for (var k = q; k >= 1; k--)
        {
            z = 0.5 * (z + histogram[k]);
        }

        z += m * Sigma(histogram[0] / m);
        return AlphaInfinity * m * m / z;
    }

    /// <summary>Writes the precision byte and the registers.</summary>
    public void Write(IBufferWriter<byte> output)
    {
        output.WriteByte((byte)Precision);
        output.Write(_registers);
    }

    /// <summary>Reads what <see cref="Write"/> wrote, requiring the expected precision and valid ranks.</summary>
    public static HyperLogLog Read(ref StateReader reader, int precision)
    {
        var stored = reader.ReadByte();
        if (stored != precision)
        {
            throw reader.Corrupt($"stored sketch has precision {stored}, expected {precision}");
        }

        var sketch = new HyperLogLog(precision);
        var registers = reader.ReadRaw(sketch._registers.Length);
        foreach (var register in registers)
        {
            if (register > sketch.MaxRank)
            {
                throw reader.Corrupt($"stored sketch has register rank {register} above {sketch.MaxRank}");
            }
        }

        registers.CopyTo(sketch._registers);
        return sketch;
    }

    // σ(x) = x + Σ_{k≥1} x^(2^k) 2^(k−1): corrects for registers still at zero (small cardinalities).
    private static double Sigma(double x)
    {
        if (x == 1.0)
        {
            return double.PositiveInfinity;
        }

        var y = 1.0;
        var z = x;
        double previous;
        do
        {
            x *= x;
            previous = z;
            z += x * y;
            y += y;
        }
        while (z != previous);
        return z;
    }

    // τ(x) = (1 − x − Σ_{k≥1} (1 − x^(2^−k))² 2^−k) / 3: corrects for registers at the maximum rank.
    private static double Tau(double x)
    {
        if (x == 0.0 || x == 1.0)
        {
            return 0.0;
        }

        var y = 1.0;
        var z = 1.0 - x;
        double previous;
        do
        {
            x = Math.Sqrt(x);
            previous = z;
            y *= 0.5;
            z -= (1.0 - x) * (1.0 - x) * y;
        }
        while (z != previous);
        return z / 3.0;
    }
}
