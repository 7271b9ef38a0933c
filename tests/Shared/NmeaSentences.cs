using System.Globalization;
using System.Text;

namespace TimeSync.Testing;

/// <summary>NMEA 0183 sentences as receivers send them, for tests and benchmarks (one copy of the checksum and of RMC).</summary>
internal static class NmeaSentences
{
    /// <summary>"$" + body + "*" + the XOR of the body's characters in two hex digits (NMEA 0183 §5.2.1) + CR LF.</summary>
    public static string Frame(string body) => $"${body}*{Checksum(body):X2}\r\n";

    /// <summary>The XOR of the characters between '$' and '*' (NMEA 0183 §5.2.1).</summary>
    public static byte Checksum(string body)
    {
        byte sum = 0;
        foreach (char c in body) sum ^= (byte)c;
        return sum;
    }

    /// <summary>
    /// $--RMC for the UTC second <paramref name="unixSeconds"/> at a fixed position, framed, as text. Status A with a fix,
    /// V without; the NMEA 2.3 mode indicator <paramref name="mode"/> (default A with a fix, N without); with
    /// <paramref name="navStatus"/> the NMEA 4.1 navigational status field V that u-blox receivers append.
    /// </summary>
    public static string RmcText(long unixSeconds, string talker = "GP", bool fix = true, char? mode = null, bool navStatus = false)
    {
        var t = DateTime.UnixEpoch.AddSeconds(unixSeconds);
        string body = string.Create(CultureInfo.InvariantCulture,
            $"{talker}RMC,{t:HHmmss}.00,{(fix ? 'A' : 'V')},4717.11399,N,00833.91590,E,0.004,77.52,{t:ddMMyy},,,{mode ?? (fix ? 'A' : 'N')}");
        return Frame(navStatus ? body + ",V" : body);
    }

    /// <summary><see cref="RmcText"/> as the bytes on the wire.</summary>
    public static byte[] Rmc(long unixSeconds, string talker = "GP", bool fix = true, char? mode = null, bool navStatus = false) =>
        Encoding.ASCII.GetBytes(RmcText(unixSeconds, talker, fix, mode, navStatus));
}
