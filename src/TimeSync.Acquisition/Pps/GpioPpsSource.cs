using System.Device.Gpio;
using TimeSync.Acquisition.Decoding;
using TimeSync.Acquisition.Serial;
using TimeSync.Core.Time;

namespace TimeSync.Acquisition.Pps;

/// <summary>
/// PPS edges on a GPIO line through System.Device.Gpio (libgpiod on Linux). The managed API returns no kernel
/// timestamp, so the edge is stamped with the host clock when WaitForEvent returns: user-space wake-up latency
/// (tens of µs, worse under load) makes this the least precise path — prefer the pps-gpio kernel driver and
/// <see cref="KernelPpsSource"/> (see firmware-notes). Sequence numbers count the edges seen.
/// </summary>
public sealed class GpioPpsSource : IPpsSource
{
    private readonly GpioController _controller;
    private readonly int _line;
    private uint _assertCount, _clearCount;

    public string Name { get; }
    public string Description => $"gpio-pps line {_line}";

    public GpioPpsSource(string name, int line, GpioController? controller = null)
    {
        Name = name;
        _line = line;
        _controller = controller ?? new GpioController();
        _controller.OpenPin(line, PinMode.Input);
    }

    public void Fetch(TimeSpan timeout, List<PpsEdge> output)
    {
        var result = _controller.WaitForEvent(_line, PinEventTypes.Rising | PinEventTypes.Falling, timeout);
        long host = HostClock.UnixNanoseconds();
        if (result.TimedOut) return;
        output.Add(ToEdge(Name, result.EventTypes, host, ref _assertCount, ref _clearCount));
    }

    /// <summary>A GPIO event as an edge: rising = assert; each kind keeps its own counter, like the kernel's sequences.</summary>
    public static PpsEdge ToEdge(string name, PinEventTypes type, long hostNs, ref uint assertCount, ref uint clearCount)
    {
        bool assert = (type & PinEventTypes.Rising) != 0;
        uint seq = assert ? ++assertCount : ++clearCount;
        return new PpsEdge(name, hostNs, Instant.FromUnixNanoseconds(hostNs), seq, assert);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (_controller.IsPinOpen(_line)) _controller.ClosePin(_line);
        _controller.Dispose();
    }

    private bool _disposed;
}
