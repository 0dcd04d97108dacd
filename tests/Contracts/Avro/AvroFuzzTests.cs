using System.Text.Json.Nodes;
using Kappa.Contracts.Avro;
using Xunit;
using Xunit.Abstractions;

namespace Kappa.Contracts.Tests.Avro;

/// <summary>
/// Mutation fuzzing of the decoder: valid encodings from the reference implementation (Fixtures/fuzz-seeds.json,
/// every type and logical type, plus resolved reader schemas) are mutated, truncated and spliced, and pure random
/// inputs are added. Every input must decode or raise <see cref="AvroDecodeException"/>; any other exception fails.
/// The seed is fixed, so failures reproduce.
/// </summary>
public sealed class AvroFuzzTests(ITestOutputHelper output)
{
    private const int Iterations = 1_000_000;

    [Fact]
    public void A_million_mutated_inputs_either_decode_or_raise_a_decode_exception()
    {
        var seeds = JsonNode.Parse(AvroFixtures.Read("fuzz-seeds.json"))!.AsArray()
            .Select(s => (
                Reader: new AvroDatumReader(AvroSchema.Parse((string)s!["writer"]!), AvroSchema.Parse((string)s["reader"]!)),
                Data: Convert.FromHexString((string)s["hex"]!)))
            .ToArray();
        var random = new Random(20261122);
        var buffer = new byte[4096];
        int decoded = 0, rejected = 0;

        for (var i = 0; i < Iterations; i++)
        {
            var (reader, seed) = seeds[random.Next(seeds.Length)];
            var length = Mutate(random, seed, buffer, seeds[random.Next(seeds.Length)].Data);
            try
            {
                reader.Decode(buffer.AsSpan(0, length));
                decoded++;
            }
            catch (AvroDecodeException)
            {
                rejected++;
            }
            catch (Exception e)
            {
                Assert.Fail($"iteration {i}: {e.GetType().Name} for {reader.WriterSchema} input {Convert.ToHexStringLower(buffer.AsSpan(0, length))}: {e}");
            }
        }

        output.WriteLine($"{Iterations} inputs: {decoded} decoded, {rejected} rejected with AvroDecodeException");
        Assert.Equal(Iterations, decoded + rejected);
        Assert.True(decoded > 1000 && rejected > 100_000, $"decoded {decoded}, rejected {rejected}");
    }

    private static int Mutate(Random random, byte[] seed, byte[] output, byte[] other)
    {
        var length = Math.Min(seed.Length, 2048);
        seed.AsSpan(0, length).CopyTo(output);
        var strategy = random.Next(10);
        if (strategy == 0)
        {
            length = random.Next(64);
            random.NextBytes(output.AsSpan(0, length));
            return length;
        }

        if (strategy == 1)
        {
            return length;
        }

        var mutations = 1 + random.Next(4);
        for (var m = 0; m < mutations && length > 0; m++)
        {
            var at = random.Next(length);
            switch (random.Next(7))
            {
                case 0:
                    output[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    output[at] = (byte)random.Next(256);
                    break;
                case 2:
                    output[at] = random.Next(2) == 0 ? (byte)0xff : (byte)0x80;
                    break;
                case 3:
                    length = at;
                    break;
                case 4:
                    var extra = Math.Min(random.Next(1, 16), output.Length - length);
                    Array.Copy(output, at, output, at + extra, length - at);
                    random.NextBytes(output.AsSpan(at, extra));
                    length += extra;
                    break;
                case 5:
                    var splice = Math.Min(other.Length, output.Length - at);
                    var start = random.Next(other.Length + 1);
                    var count = Math.Min(random.Next(1, 32), Math.Min(splice, other.Length - start));
                    other.AsSpan(start, count).CopyTo(output.AsSpan(at));
                    length = Math.Max(length, at + count);
                    break;
                default:
                    output[at] = (byte)(0x01 | (random.Next(64) << 1));
                    break;
            }
        }

        return length;
    }
}
