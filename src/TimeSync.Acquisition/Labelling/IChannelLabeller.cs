using TimeSync.Acquisition.Decoding;

namespace TimeSync.Acquisition.Labelling;

/// <summary>Turns the decoded events of the sources one channel listens to into that channel's samples.</summary>
internal interface IChannelLabeller
{
    string Channel { get; }

    /// <summary>Names of the sources whose events this channel needs.</summary>
    IReadOnlyList<string> Sources { get; }

    void OnEvent(in DecodedEventValue decoded);

    /// <summary>End of input: label and pair whatever is pending.</summary>
    void Complete();
}
