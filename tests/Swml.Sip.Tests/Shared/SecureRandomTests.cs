using Swml.Shared;

namespace Swml.Sip.Tests.Shared;

public sealed class SecureRandomTests
{
    [Fact]
    public void HexStringsHaveTheAskedLengthInLowercaseHexAndDoNotRepeat()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 2_000; i++)
        {
            // Crosses the per-thread block many times over.
            var hex = SecureRandom.HexString(i % 2 == 0 ? 16 : 25);
            Assert.Equal(i % 2 == 0 ? 16 : 25, hex.Length);
            Assert.Matches("^[0-9a-f]+$", hex);
            Assert.True(seen.Add(hex), hex);
        }
    }

    [Fact]
    public void AFillLargerThanABlockIsRandomToo()
    {
        var big = new byte[4_096];
        SecureRandom.Fill(big);
        Assert.True(big.Distinct().Count() > 200, "4 KiB of random bytes use most byte values");
    }

    [Fact]
    public void Version4UuidsCarryTheirVersionAndVariant()
    {
        var ids = Enumerable.Range(0, 1_000).Select(_ => SecureRandom.NewUuidV4()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id =>
        {
            var text = id.ToString();
            Assert.Equal('4', text[14]);
            Assert.Contains(text[19], "89ab");
        });
    }

    [Fact]
    public void Version7UuidsStartWithTheirUnixMillisecondsAndSortByTime()
    {
        var time = DateTimeOffset.FromUnixTimeMilliseconds(0x0123_4567_89AB);
        var id = SecureRandom.NewUuidV7(time).ToString("N");
        Assert.StartsWith("0123456789ab7", id, StringComparison.Ordinal);
        Assert.Contains(id[16], "89ab");

        var later = SecureRandom.NewUuidV7(time.AddMilliseconds(1)).ToString("N");
        Assert.True(string.CompareOrdinal(id, later) < 0);
    }
}
