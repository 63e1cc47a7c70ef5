using System.Numerics;

namespace Ml2.Pools;

/// <summary>Rank/select helpers on 64-bit words.</summary>
internal static class BitSelect
{
    /// <summary>The bit index of the <paramref name="k"/>-th (0-based) set bit of <paramref name="value"/>, from bit 0 up.</summary>
    /// <param name="value">The word.</param>
    /// <param name="k">The rank; must be less than <c>PopCount(value)</c>.</param>
    /// <returns>The bit index (0..63).</returns>
    /// <remarks>
    /// A branch-light binary search over halves with popcount (6 steps). BMI2 PDEP would be one instruction on recent
    /// Intel/AMD parts but is microcoded (hundreds of cycles) on AMD Zen 1/2, so it is not used.
    /// </remarks>
    public static int NthSetBit(ulong value, int k)
    {
        var position = 0;

        var count = BitOperations.PopCount((uint)value);
        if (k >= count)
        {
            k -= count;
            value >>= 32;
            position += 32;
        }

        count = BitOperations.PopCount(value & 0xFFFFUL);
        if (k >= count)
        {
            k -= count;
            value >>= 16;
            position += 16;
        }

        count = BitOperations.PopCount(value & 0xFFUL);
        if (k >= count)
        {
            k -= count;
            value >>= 8;
            position += 8;
        }

        count = BitOperations.PopCount(value & 0xFUL);
        if (k >= count)
        {
            k -= count;
            value >>= 4;
            position += 4;
        }

        count = BitOperations.PopCount(value & 0x3UL);
        if (k >= count)
        {
            k -= count;
            value >>= 2;
            position += 2;
        }

        count = (int)(value & 1UL);
        if (k >= count)
        {
            position += 1;
        }

        return position;
    }

    /// <summary>The bit index of the <paramref name="k"/>-th (0-based) clear bit of <paramref name="value"/>.</summary>
    /// <param name="value">The word.</param>
    /// <param name="k">The rank; must be less than the number of clear bits.</param>
    /// <returns>The bit index (0..63).</returns>
    public static int NthClearBit(ulong value, int k) => NthSetBit(~value, k);
}
