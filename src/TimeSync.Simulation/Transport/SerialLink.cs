using TimeSync.Core.Time;
using TimeSync.Simulation.Numerics;

namespace TimeSync.Simulation.Transport;

/// <summary>One read the host sees: the bytes and the host receive time (ns since the Unix epoch, host clock).</summary>
public readonly record struct HostRead(long HostTimeUnixNanoseconds, byte[] Bytes);

/// <summary>
/// A UART behind a USB bridge, as the host sees it. Bytes leave the device back to back at the baud rate
/// (start + 8 data + stop = 10 bits each); the bridge ships a USB packet when it holds 62 bytes or when its latency
/// timer (a few ms) has run since the first byte it holds (FTDI-style), at the next full-speed frame (1 ms); the
/// host's read returns after that plus a scheduling latency.
/// </summary>
public sealed class SerialLink
{
    private const long FrameNanoseconds = 1_000_000;
    private const int MaxBytesPerPacket = 62;
    private readonly long _bridgeTimerNanoseconds;
    private readonly double _byteSeconds;
    private readonly long _hostLatencyNanoseconds;
    private readonly long _hostLatencyJitterNanoseconds;
    private readonly long _hostClockOffsetNanoseconds;
    private readonly Xoshiro256StarStar _rng;
    private long _lastHostTime = long.MinValue;

    /// <param name="baud">Line rate (bits per second).</param>
    /// <param name="hostLatencySeconds">Minimum delay from USB frame end to the read returning.</param>
    /// <param name="hostLatencyJitterSeconds">Mean of an extra exponential delay (scheduling).</param>
    /// <param name="hostClockOffsetSeconds">Host clock − true time (an NTP-disciplined PC is off by ~0.1–1 ms).</param>
    /// <param name="bridgeTimerSeconds">The bridge's latency timer.</param>
    public SerialLink(int baud, double hostLatencySeconds, double hostLatencyJitterSeconds, double hostClockOffsetSeconds, Xoshiro256StarStar rng,
        double bridgeTimerSeconds = 0.004)
    {
        _bridgeTimerNanoseconds = (long)Math.Round(bridgeTimerSeconds * 1e9);
        if (baud < 300) throw new ArgumentOutOfRangeException(nameof(baud));
        _byteSeconds = 10.0 / baud;
        _hostLatencyNanoseconds = (long)Math.Round(hostLatencySeconds * 1e9);
        _hostLatencyJitterNanoseconds = (long)Math.Round(hostLatencyJitterSeconds * 1e9);
        _hostClockOffsetNanoseconds = (long)Math.Round(hostClockOffsetSeconds * 1e9);
        _rng = rng;
    }

    public int Baud => (int)Math.Round(10.0 / _byteSeconds);

    /// <summary>Seconds the line needs for <paramref name="byteCount"/> bytes.</summary>
    public double TransmitSeconds(int byteCount) => byteCount * _byteSeconds;

    /// <summary>
    /// The host reads for <paramref name="bytes"/> whose first start bit leaves the device at <paramref name="start"/>
    /// (true time). Host times never go backwards on one port.
    /// </summary>
    public void Transmit(Instant start, ReadOnlySpan<byte> bytes, List<HostRead> output)
    {
        long startNs = start.ToUnixNanoseconds();
        long byteNs = (long)Math.Round(_byteSeconds * 1e9);
        int i = 0;
        while (i < bytes.Length)
        {
            long firstDone = startNs + (i + 1) * byteNs;         // the first byte of this packet is in the bridge
            long timerExpiry = firstDone + _bridgeTimerNanoseconds;
            int j = i + 1;
            while (j < bytes.Length && j - i < MaxBytesPerPacket && startNs + (j + 1) * byteNs <= timerExpiry) j++;
            // a full packet ships when its last byte is in; otherwise the latency timer ships what is there
            long shipped = j - i == MaxBytesPerPacket ? startNs + j * byteNs : timerExpiry;
            long frameEnd = (shipped / FrameNanoseconds + 1) * FrameNanoseconds;
            long latency = _hostLatencyNanoseconds;
            if (_hostLatencyJitterNanoseconds > 0) latency += (long)(-_hostLatencyJitterNanoseconds * DeterministicMath.Log(1.0 - _rng.NextDouble()));
            long host = frameEnd + latency + _hostClockOffsetNanoseconds;
            if (host <= _lastHostTime) host = _lastHostTime + 1;
            _lastHostTime = host;
            output.Add(new HostRead(host, bytes[i..j].ToArray()));
            i = j;
        }
    }
}
