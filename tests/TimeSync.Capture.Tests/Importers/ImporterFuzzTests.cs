using System.Text;
using TimeSync.Capture.Readers;
using TimeSync.Core;

namespace TimeSync.Capture.Tests.Importers;

/// <summary>
/// Seeded random mutations of real sample lines of every importer (digits grown past any integer type, separators
/// dropped or doubled, bytes replaced, lines cut): a reader may warn or give up with an <see cref="InputException"/>,
/// nothing else (the CLI prints one line and exits 2 instead of a stack trace).
/// </summary>
public class ImporterFuzzTests
{
    public static TheoryData<string, string> Samples()
    {
        var data = new TheoryData<string, string>();
        foreach (var row in DetectionAndBadInputTests.Samples) data.Add((string)row[0], (string)row[1]);
        data.Add("ptp4l", "Nov 28 12:00:00 bench ptp4l[812]: [1234.250] master offset -5 s2 freq +13780 path delay 500\n"
                        + "2026-11-28T12:00:01.250002+01:00 bench ptp4l[812]: [1235.250] rms 32 max 42 freq -2614 +/- 15 delay 1488 +/- 0\n"
                        + "<30>1 2026-11-28T12:00:02.250003Z bench ptp4l 812 - - [1236.250] master offset 7 s2 freq +13782 path delay 500\n");
        data.Add("ts2phc", "1795867203.250004 bench ts2phc[900]: [1237.250] /dev/ptp0 offset 12 s2 freq -1234 holdover\nts2phc[1238.250]: eth1 master offset -7 s2 freq +2040\n");
        data.Add("phc2sys", "Nov 28 12:00:00 bench phc2sys[813]: [1235.100] CLOCK_REALTIME phc offset 19 s2 freq -84406 delay 376\n");
        return data;
    }

    private static readonly string[] Inserts = ["99999999999999999999999999", "-", ".", " ", "\t", "[", "]", ":", "e999", "\u00e9", "\0", "T", "+99:99", "60", "Feb 30"];

    [Theory]
    [MemberData(nameof(Samples))]
    public void Mutated_lines_give_warnings_or_an_input_error_never_another_exception(string format, string text)
    {
        var reader = SeriesReaders.All.Single(r => r.FormatName == format);
        var rng = new Random(format.Length * 7919 + text.Length);
        int inputErrors = 0, read = 0;
        for (int i = 0; i < 300; i++)
        {
            var mutated = new StringBuilder(text);
            for (int m = 1 + rng.Next(4); m > 0 && mutated.Length > 0; m--)
            {
                int at = rng.Next(mutated.Length);
                switch (rng.Next(5))
                {
                    case 4: // grow a number past any integer type
                        int digit = mutated.ToString().IndexOfAny("0123456789".ToCharArray(), at);
                        if (digit >= 0) mutated.Insert(digit, "9999999999999999999999");
                        break;
                    case 0: mutated.Insert(at, Inserts[rng.Next(Inserts.Length)]); break;
                    case 1: mutated.Remove(at, Math.Min(mutated.Length - at, 1 + rng.Next(6))); break;
                    case 2: mutated[at] = (char)rng.Next(32, 127); break;
                    case 3: mutated.Insert(at, mutated.ToString(rng.Next(mutated.Length), 1)); break;
                }
            }
            try
            {
                reader.Read(new StringReader(mutated.ToString()), "fuzz.log", new ImportOptions { FileTimeUtc = new DateTime(2026, 11, 28, 18, 0, 0, DateTimeKind.Utc) });
                read++;
            }
            catch (InputException e)
            {
                inputErrors++;
                Assert.DoesNotContain('\n', e.Message);
            }
            catch (Exception e)
            {
                Assert.Fail($"{format}, mutation {i}: {e.GetType().Name}: {e.Message}\ninput: {mutated}\n{e.StackTrace}");
            }
        }
        Assert.True(read > 0 && inputErrors + read == 300);
    }
}
