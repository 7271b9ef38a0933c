using TimeSync.Acquisition.Decoding;

namespace TimeSync.Acquisition.Pps;

/// <summary>
/// A source of PPS edges timestamped by the host: the kernel PPS API (/dev/ppsN), a GPIO line, serial DCD.
/// Hardware sits behind this interface; the pipeline and the recorder only see <see cref="PpsEdge"/>s.
/// </summary>
public interface IPpsSource : IDisposable
{
    /// <summary>Short name, e.g. "pps0" (the capture's interface name).</summary>
    string Name { get; }

    /// <summary>Description for the capture, e.g. "pps /dev/pps0 assert+clear".</summary>
    string Description { get; }

    /// <summary>Waits up to <paramref name="timeout"/> for new edges and appends them, oldest first.</summary>
    void Fetch(TimeSpan timeout, List<PpsEdge> output);
}
