using System.Collections.Concurrent;
using System.IO.Ports;
using TimeSync.Acquisition.Decoding;
using TimeSync.Acquisition.Serial;
using TimeSync.Core.Time;

namespace TimeSync.Acquisition.Pps;

/// <summary>
/// PPS on a serial port's DCD line through System.IO.Ports (PinChanged, CDChanged), stamped with the host clock in
/// the event handler: user-space latency plus, on a USB adapter, the USB polling interval (up to ~1 ms) — the coarsest
/// PPS path; the kernel's pps-ldisc line discipline on a native UART does better (firmware-notes/delays-and-budget.md).
/// DCD high = assert. Sequence numbers count the edges seen, per kind.
/// </summary>
public sealed class SerialDcdPpsSource : IPpsSource
{
    private readonly SerialPort _port;
    private readonly BlockingCollection<PpsEdge> _edges = new(boundedCapacity: 1024);
    private uint _assertCount, _clearCount;

    public string Name { get; }
    public string Description { get; }

    public SerialDcdPpsSource(string name, SerialPortSpec spec)
    {
        Name = name;
        Description = $"dcd-pps {spec.Device}";
        _port = new SerialPort(spec.Device, spec.BaudRate, Parity.None, 8, StopBits.One) { Handshake = Handshake.None };
        _port.PinChanged += (_, e) =>
        {
            long host = HostClock.UnixNanoseconds();
            if (e.EventType != SerialPinChange.CDChanged) return;
            bool level;
            try { level = _port.CDHolding; }
            catch (InvalidOperationException) { return; } // port closed meanwhile
            _edges.TryAdd(ToEdge(Name, level, host, ref _assertCount, ref _clearCount)); // full: the consumer is stalled, drop
        };
        _port.Open();
    }

    public void Fetch(TimeSpan timeout, List<PpsEdge> output)
    {
        if (_edges.TryTake(out var first, timeout)) output.Add(first);
        while (_edges.TryTake(out var more)) output.Add(more);
    }

    /// <summary>A DCD level after a change as an edge: high = assert; each kind counts its own sequence.</summary>
    public static PpsEdge ToEdge(string name, bool dcdHigh, long hostNs, ref uint assertCount, ref uint clearCount)
    {
        uint seq = dcdHigh ? ++assertCount : ++clearCount;
        return new PpsEdge(name, hostNs, Instant.FromUnixNanoseconds(hostNs), seq, dcdHigh);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _port.Dispose();
        _edges.Dispose();
    }

    private bool _disposed;
}
