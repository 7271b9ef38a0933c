using TimeSync.Acquisition.Decoding;
using TimeSync.Core.Time;

namespace TimeSync.Acquisition.Labelling;

/// <summary>
/// The reference receiver's fix validity, per UTC second and as a running state, from NMEA/UBX validity
/// (RMC status, GGA quality, NAV flags, TIM-TP flags). Emits FixLost/FixRegained when the state changes.
/// </summary>
internal sealed class FixTracker(string channel)
{
    private const int Slots = 64;
    private readonly long[] _second = InitSeconds();
    private readonly bool[] _invalid = new bool[Slots];
    private bool? _valid;

    private static long[] InitSeconds()
    {
        var a = new long[Slots];
        Array.Fill(a, long.MinValue);
        return a;
    }

    /// <summary>Records one message's validity; <paramref name="second"/> is the UTC second it describes, if any.</summary>
    public void Observe(bool valid, long? second, long hostNs, string kind, List<LabelEvent> events)
    {
        if (second is long s)
        {
            int slot = (int)((ulong)s % Slots);
            if (_second[slot] != s) { _second[slot] = s; _invalid[slot] = false; }
            if (!valid) _invalid[slot] = true;
        }
        if (_valid != valid)
        {
            Instant? utc = second is long t ? Instant.FromUnixSeconds(t) : null;
            if (!valid) events.Add(new LabelEvent(channel, hostNs, utc, LabelEventKind.FixLost, $"reference receiver reports no valid fix ({kind})"));
            else if (_valid == false) events.Add(new LabelEvent(channel, hostNs, utc, LabelEventKind.FixRegained, $"reference receiver fix valid again ({kind})"));
            _valid = valid;
        }
    }

    /// <summary>True when a message for this second said invalid, or none did and the running state is invalid.</summary>
    public bool IsInvalid(long second)
    {
        int slot = (int)((ulong)second % Slots);
        if (_second[slot] == second) return _invalid[slot];
        return _valid == false;
    }

    public static long? SecondOf(GnssTimeMessage m) => m.Utc is Instant u ? u.UnixSeconds : null;
}
