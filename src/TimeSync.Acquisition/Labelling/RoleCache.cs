namespace TimeSync.Acquisition.Labelling;

/// <summary>
/// A small per-labeller memo of a string's role (a bit set computed from string equality), keyed by string instance:
/// decoders reuse one name instance per source and channel, so the hot path compares references. Strings are
/// immutable, so a cached role is always the one the computation gives; when full, the role is computed each time.
/// </summary>
internal sealed class RoleCache
{
    private readonly string?[] _keys = new string?[8];
    private readonly int[] _roles = new int[8];
    private int _count;

    public bool TryGet(string key, out int role)
    {
        for (int i = 0; i < _count; i++)
        {
            if (ReferenceEquals(_keys[i], key))
            {
                role = _roles[i];
                return true;
            }
        }
        role = 0;
        return false;
    }

    public int Add(string key, int role)
    {
        if (_count < _keys.Length)
        {
            _keys[_count] = key;
            _roles[_count++] = role;
        }
        return role;
    }
}
