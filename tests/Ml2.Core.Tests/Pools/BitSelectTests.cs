using FluentAssertions;
using Ml2.Pools;
using Xunit;

namespace Ml2.Core.Tests.Pools;

public sealed class BitSelectTests
{
    [Fact]
    public void NthSetBit_when_compared_with_naive_scan_agrees_for_random_words()
    {
        var random = new Random(17);
        var words = new List<ulong> { 0UL, ulong.MaxValue, 1UL, 1UL << 63, 0xAAAA_AAAA_AAAA_AAAAUL };
        for (var i = 0; i < 2000; i++)
        {
            words.Add((ulong)random.NextInt64() ^ ((ulong)random.Next() << 40));
        }

        foreach (var word in words)
        {
            var setBits = Enumerable.Range(0, 64).Where(b => ((word >> b) & 1) != 0).ToArray();
            for (var k = 0; k < setBits.Length; k++)
            {
                BitSelect.NthSetBit(word, k).Should().Be(setBits[k]);
            }

            var clearBits = Enumerable.Range(0, 64).Where(b => ((word >> b) & 1) == 0).ToArray();
            for (var k = 0; k < clearBits.Length; k++)
            {
                BitSelect.NthClearBit(word, k).Should().Be(clearBits[k]);
            }
        }
    }
}
