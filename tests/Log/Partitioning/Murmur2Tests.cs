using System.Text;
using Kappa.Log.Partitioning;
using Xunit;

namespace Kappa.Log.Tests.Partitioning;

public sealed class Murmur2Tests
{
    // Kafka's UtilsTest.testMurmur2 vectors: the Java client must agree with us byte for byte.
    [Theory]
    [InlineData("21", -973932308)]
    [InlineData("foobar", -790332482)]
    [InlineData("a-little-bit-long-string", -985981536)]
    [InlineData("a-little-bit-longer-string", -1486304829)]
    [InlineData("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971)]
    [InlineData("abc", 479470107)]
    public void Hash_matches_the_java_client(string key, int expected) =>
        Assert.Equal(expected, Murmur2.Hash(Encoding.UTF8.GetBytes(key)));

    [Fact]
    public void Partition_is_to_positive_hash_modulo_partition_count()
    {
        var key = Encoding.UTF8.GetBytes("foobar");
        Assert.Equal((-790332482 & 0x7fffffff) % 7, KafkaPartitioner.Partition(key, 7));
    }

    [Fact]
    public void To_positive_clears_the_sign_bit_rather_than_negating()
    {
        Assert.Equal(0, KafkaPartitioner.ToPositive(int.MinValue));
        Assert.Equal(int.MaxValue, KafkaPartitioner.ToPositive(-1));
        Assert.Equal(5, KafkaPartitioner.ToPositive(5));
    }

    [Fact]
    public void Partition_rejects_a_partition_count_below_one() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => KafkaPartitioner.Partition("a"u8, 0));
}
