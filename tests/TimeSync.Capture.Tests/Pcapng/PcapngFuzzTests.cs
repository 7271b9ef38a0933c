using System.Buffers.Binary;
using TimeSync.Capture.Pcapng;
using TimeSync.Core;

namespace TimeSync.Capture.Tests.Pcapng;

/// <summary>
/// Seeded random mutations of a real written capture: the reader must never throw anything but InputException,
/// must terminate, and must stay bounded in memory.
/// </summary>
public class PcapngFuzzTests
{
    private static readonly uint[] InterestingWords =
        [0, 1, 3, 12, 28, 32, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0xFFFFFFFC, 0x00FFFFF0, 0x01000004, 6, 1, 0x0A0D0D0A, 0x1A2B3C4D, 0x4D3C2B1A];

    [Fact]
    public void Four_thousand_seeded_mutations_never_throw_anything_but_InputException_and_stay_bounded()
    {
        var original = SampleCapture.Bytes(40);
        var rng = new Random(20261128);
        int inputErrors = 0, withEvents = 0;
        for (int iteration = 0; iteration < 4000; iteration++)
        {
            var mutated = Mutate(original, rng);
            long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                using var reader = new PcapngReader(new MemoryStream(mutated, writable: false), "fuzz.pcapng");
                long n = 0, bytes = 0;
                foreach (var e in reader.Events()) { n++; bytes += e.Payload.Length; }
                Assert.True(reader.PeakBufferBytes <= 2 * PcapngFormat.MaxBlockBytes, $"iteration {iteration}: buffer {reader.PeakBufferBytes}");
                Assert.True(reader.Diagnostics.Count <= PcapngReader.MaxDiagnostics);
                Assert.True(bytes <= mutated.Length, $"iteration {iteration}: more payload than file");
                if (n > 0) withEvents++;
            }
            catch (InputException e)
            {
                inputErrors++;
                Assert.StartsWith("fuzz.pcapng", e.Message);
                Assert.DoesNotContain('\n', e.Message);
            }
            catch (Exception e)
            {
                Assert.Fail($"iteration {iteration}: {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            }
            long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            Assert.True(allocated < 128L << 20, $"iteration {iteration}: allocated {allocated} bytes");
        }
        // The mutations must exercise both outcomes, and most damaged files must still yield data.
        Assert.True(inputErrors > 0, "no mutation made the file unusable: the fuzzer is too gentle");
        Assert.True(withEvents > 3000, $"only {withEvents} of 4000 mutated files yielded events");
    }

    private static byte[] Mutate(byte[] original, Random rng)
    {
        var data = new List<byte>(original);
        int count = 1 + rng.Next(4);
        for (int m = 0; m < count && data.Count > 0; m++)
        {
            int at = rng.Next(data.Count);
            switch (rng.Next(7))
            {
                case 0: // flip bits
                    data[at] ^= (byte)(1 << rng.Next(8));
                    break;
                case 1: // an interesting 32-bit word, aligned like a length or type field
                    at &= ~3;
                    if (at + 4 <= data.Count)
                    {
                        var w = new byte[4];
                        BinaryPrimitives.WriteUInt32LittleEndian(w, InterestingWords[rng.Next(InterestingWords.Length)]);
                        for (int i = 0; i < 4; i++) data[at + i] = w[i];
                    }
                    break;
                case 2: // truncate (a crash)
                    data.RemoveRange(at, data.Count - at);
                    break;
                case 3: // insert random bytes
                    var junk = new byte[1 + rng.Next(40)];
                    rng.NextBytes(junk);
                    data.InsertRange(at, junk);
                    break;
                case 4: // delete a range
                    data.RemoveRange(at, Math.Min(data.Count - at, 1 + rng.Next(100)));
                    break;
                case 5: // duplicate a range elsewhere
                    int len = Math.Min(data.Count - at, 1 + rng.Next(200));
                    var copy = data.GetRange(at, len);
                    data.InsertRange(rng.Next(data.Count), copy);
                    break;
                default: // random byte
                    data[at] = (byte)rng.Next(256);
                    break;
            }
        }
        return [.. data];
    }
}
