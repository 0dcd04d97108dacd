using System.Text;
using Kappa.Processor.Aggregates;
using Xunit;

namespace Kappa.Processor.Tests.Aggregates;

public sealed class XxHash64Tests
{
    // Reference values from libxxhash 0.8.1 (XXH64 with seed 0); they cover every tail length path and the 32-byte stripes.
    [Theory]
    [InlineData("", 0xEF46DB3751D8E999UL)]
    [InlineData("a", 0xD24EC4F1A98C6E5BUL)]
    [InlineData("abc", 0x44BC2CF5AD770999UL)]
    [InlineData("Nobody inspects the spammish repetition", 0xFBCEA83C8A378BF1UL)]
    [InlineData("12345678901234567890123456789012345", 0xB82ECB390C6D5EA7UL)]
    public void Matches_the_reference_implementation(string text, ulong expected)
    {
        Assert.Equal(expected, XxHash64.Hash(Encoding.ASCII.GetBytes(text)));
    }

    [Fact]
    public void Matches_the_reference_implementation_over_a_hundred_bytes()
    {
        var bytes = Enumerable.Range(0, 100).Select(i => (byte)i).ToArray();

        Assert.Equal(0x6AC1E58032166597UL, XxHash64.Hash(bytes));
    }
}
