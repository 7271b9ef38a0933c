using System.Globalization;
using System.Text;
using TimeSync.Core.Time;

namespace TimeSync.Simulation.Devices;

/// <summary>
/// TAPR TICC output (TICC manual, 2017): '#'-prefixed start-up lines, then in timestamp mode one line per edge,
/// "&lt;seconds since start with 12 decimals&gt; chA|chB" ended by CR LF (Arduino println).
/// </summary>
public static class TiccEncoder
{
    public static byte[] StartupBanner() => Encoding.ASCII.GetBytes(
        "# TAPR TICC Timestamping Counter\r\n" +
        "# Copyright 2016-2020 N8UR, K9TRV, AF8L, W8EJ\r\n" +
        "# Firmware Version: 20200412.1\r\n" +
        "# Board Serial Number: 0x000012AB3C4D5E6F\r\n" +
        "# Measurement Mode: Timestamp\r\n" +
        "# EEPROM Version: 1, Board Version: C\r\n" +
        "# Ext Ref: 10 MHz, Clock Period (ps): 100000\r\n" +
        "# Cal Periods: 20, Timeout: 0x05\r\n" +
        "# Type any character for config menu\r\n");

    /// <summary>One timestamp line; <paramref name="sinceStart"/> must be ≥ 0.</summary>
    public static byte[] Timestamp(Duration sinceStart, string channel)
    {
        if (sinceStart < Duration.Zero) throw new ArgumentOutOfRangeException(nameof(sinceStart), "TICC timestamps are never negative");
        string text = string.Create(CultureInfo.InvariantCulture,
            $"{sinceStart.Seconds}.{sinceStart.Picoseconds:D12} {channel}\r\n");
        return Encoding.ASCII.GetBytes(text);
    }
}
