using System.Globalization;
using System.Text;

namespace TimeSync.Influx.LineProtocol;

/// <summary>
/// Appends one InfluxDB line-protocol point to a <see cref="StringBuilder"/>:
/// <c>measurement,tag=v,... field=v,... timestamp_ns\n</c> (InfluxDB 1.x/2.x line protocol reference).
/// Escaping: measurement ',' and ' '; tag keys, tag values and field keys ',' '=' ' '; string field values '"' and '\'.
/// Line breaks cannot be escaped in the protocol, so a name, tag value or key holding one is refused and a string field's
/// line breaks become spaces. Backslashes in keys and tag values are stored literally (InfluxDB 1.x), so one at the end,
/// which would escape the following separator, is refused too. Floats are written shortest-round-trip ("R"), so the stored double equals the given one.
/// Usage: <c>Begin(m).Tag(..).Field(..).End(ns)</c>; empty tag values are skipped (the protocol has no empty tag);
/// a point with no field is discarded by <see cref="End"/>.
/// </summary>
public sealed class LineProtocolWriter
{
    private readonly StringBuilder _sb;
    private int _lineStart;
    private int _fieldCount;
    private bool _open;

    public LineProtocolWriter(StringBuilder sb) => _sb = sb;

    public StringBuilder Buffer => _sb;

    public LineProtocolWriter Begin(string measurement)
    {
        if (_open) throw new InvalidOperationException("previous point not ended");
        if (string.IsNullOrEmpty(measurement)) throw new ArgumentException("measurement name is empty", nameof(measurement));
        RefuseLineBreak(measurement, "measurement");
        _lineStart = _sb.Length;
        _fieldCount = 0;
        _open = true;
        foreach (char c in measurement)
        {
            if (c is ',' or ' ') _sb.Append('\\');
            _sb.Append(c);
        }
        return this;
    }

    /// <summary>Adds a tag. Tags must be added before fields, in key order for best server performance.</summary>
    public LineProtocolWriter Tag(string key, string? value)
    {
        EnsureOpen();
        if (_fieldCount > 0) throw new InvalidOperationException("tags must come before fields");
        if (string.IsNullOrEmpty(value)) return this;
        RefuseLineBreak(key, "tag key");
        RefuseLineBreak(value, "tag value");
        _sb.Append(',');
        AppendKeyOrTagValue(key);
        _sb.Append('=');
        AppendKeyOrTagValue(value);
        return this;
    }

    public LineProtocolWriter Field(string key, double value)
    {
        if (!double.IsFinite(value)) return this; // the protocol has no NaN or infinity: the field is left out
        FieldKey(key);
        _sb.Append(value.ToString("R", CultureInfo.InvariantCulture));
        return this;
    }

    public LineProtocolWriter Field(string key, double? value) => value is { } v ? Field(key, v) : this;

    public LineProtocolWriter Field(string key, long value)
    {
        FieldKey(key);
        _sb.Append(value.ToString(CultureInfo.InvariantCulture)).Append('i');
        return this;
    }

    public LineProtocolWriter Field(string key, bool value)
    {
        FieldKey(key);
        _sb.Append(value ? "true" : "false");
        return this;
    }

    public LineProtocolWriter Field(string key, string? value)
    {
        if (value is null) return this;
        FieldKey(key);
        _sb.Append('"');
        foreach (char c in value)
        {
            if (c is '"' or '\\') _sb.Append('\\').Append(c);
            else if (c is '\n' or '\r') _sb.Append(' ');
            else _sb.Append(c);
        }
        _sb.Append('"');
        return this;
    }

    /// <summary>Ends the point with its timestamp in nanoseconds since the Unix epoch. False when it had no field.</summary>
    public bool End(long unixNanoseconds)
    {
        EnsureOpen();
        _open = false;
        if (_fieldCount == 0)
        {
            _sb.Length = _lineStart;
            return false;
        }
        _sb.Append(' ').Append(unixNanoseconds.ToString(CultureInfo.InvariantCulture)).Append('\n');
        return true;
    }

    private void FieldKey(string key)
    {
        EnsureOpen();
        RefuseLineBreak(key, "field key");
        _sb.Append(_fieldCount == 0 ? ' ' : ',');
        AppendKeyOrTagValue(key);
        _sb.Append('=');
        _fieldCount++;
    }

    private void AppendKeyOrTagValue(string s)
    {
        foreach (char c in s)
        {
            if (c is ',' or '=' or ' ') _sb.Append('\\');
            _sb.Append(c);
        }
    }

    private void EnsureOpen()
    {
        if (!_open) throw new InvalidOperationException("Begin() a point first");
    }

    private void RefuseLineBreak(string s, string what)
    {
        string? problem = s.AsSpan().IndexOfAny('\n', '\r') >= 0 ? "holds a line break"
            : what != "measurement" && s.EndsWith('\\') ? "ends with a backslash" : null;
        if (problem is null) return;
        if (_open) { _sb.Length = _lineStart; _open = false; }
        throw new ArgumentException($"{what} '{s.ReplaceLineEndings(" ")}' {problem}, which line protocol cannot carry");
    }
}
