using System.Globalization;
using System.Text;
using TimeSync.Core.Time;

namespace TimeSync.Simulation.Devices;

/// <summary>
/// NMEA 0183 (v4.10) sentences as a u-blox timing receiver sends them: "$GNxxx,...*CS\r\n", checksum = XOR of the
/// characters between '$' and '*' in two upper-case hex digits. Times are the UTC of the epoch (the last pulse).
/// </summary>
public static class NmeaEncoder
{
    // A fixed antenna position (a lab in Stuttgart), as a surveyed-in timing receiver reports it.
    private const string Latitude = "4846.92520,N";
    private const string Longitude = "00910.97432,E";

    public static byte[] Rmc(Instant utc, bool valid) => Sentence(string.Create(CultureInfo.InvariantCulture,
        $"GNRMC,{Hms(utc)},{(valid ? 'A' : 'V')},{Latitude},{Longitude},0.008,,{Dmy(utc)},,,{(valid ? 'A' : 'N')},V"));

    public static byte[] Gga(Instant utc, bool valid, int satellites) => Sentence(string.Create(CultureInfo.InvariantCulture,
        $"GNGGA,{Hms(utc)},{Latitude},{Longitude},{(valid ? 1 : 0)},{satellites:D2},0.92,301.4,M,48.1,M,,"));

    public static byte[] Zda(Instant utc) => Sentence(string.Create(CultureInfo.InvariantCulture,
        $"GNZDA,{Hms(utc)},{utc.ToDateTimeUtc():dd},{utc.ToDateTimeUtc():MM},{utc.ToDateTimeUtc():yyyy},00,00"));

    /// <summary>"$" + body + "*" + XOR checksum + CR LF.</summary>
    public static byte[] Sentence(string body)
    {
        byte sum = 0;
        foreach (char c in body) sum ^= (byte)c;
        return Encoding.ASCII.GetBytes("$" + body + "*" + sum.ToString("X2", CultureInfo.InvariantCulture) + "\r\n");
    }

    private static string Hms(Instant utc)
    {
        var t = utc.ToDateTimeUtc();
        int centis = (int)(utc.Picoseconds / 10_000_000_000L);
        return string.Create(CultureInfo.InvariantCulture, $"{t:HHmmss}.{centis:D2}");
    }

    private static string Dmy(Instant utc) => utc.ToDateTimeUtc().ToString("ddMMyy", CultureInfo.InvariantCulture);
}
