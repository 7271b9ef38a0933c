using TimeSync.Capture.Pcapng;

namespace TimeSync.Simulation.Tests;

/// <summary>An in-memory <see cref="ICaptureWriter"/> for structural checks of what the simulator emits.</summary>
internal sealed class MemoryCaptureWriter : ICaptureWriter
{
    public List<CaptureSource> Sources { get; } = [];
    public List<(int Source, long HostNs, byte[] Bytes)> Events { get; } = [];
    public int Flushes { get; private set; }

    public int AddSource(CaptureSource source) { Sources.Add(source); return Sources.Count - 1; }
    public void Write(int sourceId, long hostTimeUnixNanoseconds, ReadOnlySpan<byte> payload) => Events.Add((sourceId, hostTimeUnixNanoseconds, payload.ToArray()));
    public void Flush() => Flushes++;
    public void Dispose() { }
}
