using System.Buffers.Binary;
using TimeSync.Acquisition.Pipeline;
using TimeSync.Core;

namespace TimeSync.Acquisition.Tests;

/// <summary>
/// Issue #3's fuzz requirement on the whole replay path (what <c>timesync replay</c> and <c>analyze CAPTURE</c> run):
/// seeded random mutations of a realistic bench capture (u-blox TIM-TP/RMC/TIM-TM2 and TICC lines, bench description
/// in the section header) through reader → decoders → labeller → series. Nothing but <see cref="InputException"/>
/// may escape (the CLI turns it into one line and exit 2), and most damaged captures must still give samples.
/// </summary>
public sealed class ReplayFuzzTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("timesync-replay-fuzz-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly uint[] InterestingWords = [0, 1, 12, 28, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0x0A0D0D0A, 0x1A2B3C4D, 148, 147];
    private static readonly byte[] InterestingBytes = "$*,.\r\n-9e\xB5\x62{}\"\0"u8.ToArray();

    [Fact]
    public void Mutated_captures_replay_or_fail_with_an_input_error_only()
    {
        var path = Path.Combine(_dir, "bench.pcapng");
        ReplayTests.WriteCapture(path, 30);
        var original = File.ReadAllBytes(path);
        var rng = new Random(3_2026_1128);
        int inputErrors = 0, withSamples = 0;
        const int Iterations = 600;
        for (int i = 0; i < Iterations; i++)
        {
            var mutated = Mutate(original, rng);
            var file = Path.Combine(_dir, $"m{i % 4}.pcapng");
            File.WriteAllBytes(file, mutated);
            try
            {
                var series = CaptureSeries.LoadAll(file, new ReplayOptions(), out _);
                if (series.Any(s => s.Values.Any(v => !double.IsNaN(v)))) withSamples++;
            }
            catch (InputException e)
            {
                inputErrors++;
                Assert.DoesNotContain('\n', e.Message);
            }
            catch (Exception e)
            {
                Assert.Fail($"mutation {i}: {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            }
        }
        Assert.True(inputErrors > 0, "no mutation made the capture unusable: the fuzzer is too gentle");
        Assert.True(withSamples > Iterations * 2 / 3, $"only {withSamples} of {Iterations} mutated captures gave samples");
    }

    private static byte[] Mutate(byte[] original, Random rng)
    {
        var data = original.ToList();
        int count = 1 + rng.Next(6);
        for (int m = 0; m < count && data.Count > 0; m++)
        {
            int at = rng.Next(data.Count);
            switch (rng.Next(6))
            {
                case 0: data[at] ^= (byte)(1 << rng.Next(8)); break;
                case 1: data[at] = InterestingBytes[rng.Next(InterestingBytes.Length)]; break; // payload syntax: NMEA, TICC, UBX, JSON
                case 2:
                    at &= ~3;
                    if (at + 4 <= data.Count)
                    {
                        var w = new byte[4];
                        BinaryPrimitives.WriteUInt32LittleEndian(w, InterestingWords[rng.Next(InterestingWords.Length)]);
                        for (int k = 0; k < 4; k++) data[at + k] = w[k];
                    }
                    break;
                case 3: if (rng.Next(4) == 0) data.RemoveRange(at, data.Count - at); break; // crash: torn tail
                case 4:
                    var junk = new byte[1 + rng.Next(24)];
                    rng.NextBytes(junk);
                    data.InsertRange(at, junk);
                    break;
                case 5:
                    int n = Math.Min(data.Count - at, 1 + rng.Next(32));
                    data.RemoveRange(at, n);
                    break;
            }
        }
        return [.. data];
    }
}
