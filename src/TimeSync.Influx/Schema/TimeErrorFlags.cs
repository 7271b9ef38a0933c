namespace TimeSync.Influx.Schema;

/// <summary>Quality flags of one time-error sample, stored as the integer field <c>flags</c> when non-zero.</summary>
[Flags]
public enum TimeErrorFlags
{
    None = 0,
    /// <summary>The reference had no valid GNSS fix when the sample was taken.</summary>
    ReferenceFixInvalid = 1,
    /// <summary>The device under test reported holdover.</summary>
    Holdover = 2,
    /// <summary>The sample follows a relock or step (first sample after it).</summary>
    AfterRelock = 4,
}
