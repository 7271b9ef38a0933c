using System.Runtime.CompilerServices;

namespace TimeSync.Acquisition.Labelling;

/// <summary>
/// A list the labellers take from the front of (edges and messages wait a little, then leave oldest first): the
/// operations of <see cref="List{T}"/> they use, with removal at the front by moving a start index instead of the items
/// (List's RemoveAt(0) moves every item, through a native call per removal). Same items in the same order as a List.
/// </summary>
internal sealed class FrontList<T>
{
    private T[] _items = new T[8];
    private int _head, _count;

    public int Count => _count;

    public ref T this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_count) ThrowIndex();
            return ref _items[_head + index];
        }
    }

    public ReadOnlySpan<T>.Enumerator GetEnumerator() => new ReadOnlySpan<T>(_items, _head, _count).GetEnumerator();

    public void Add(T item)
    {
        if (_head + _count == _items.Length) MakeRoom();
        _items[_head + _count++] = item;
    }

    /// <summary>As <see cref="List{T}.Insert"/>.</summary>
    public void Insert(int index, T item)
    {
        if ((uint)index > (uint)_count) ThrowIndex();
        if (_head + _count == _items.Length) MakeRoom();
        int at = _head + index;
        if (index < _count) Array.Copy(_items, at, _items, at + 1, _count - index);
        _items[at] = item;
        _count++;
    }

    /// <summary>As <see cref="List{T}.RemoveAt"/>.</summary>
    public void RemoveAt(int index)
    {
        if ((uint)index >= (uint)_count) ThrowIndex();
        if (index == 0)
        {
            RemoveFront(1);
            return;
        }
        int at = _head + index;
        Array.Copy(_items, at + 1, _items, at, _count - index - 1);
        _count--;
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>()) _items[_head + _count] = default!;
    }

    /// <summary>As <see cref="List{T}.RemoveRange"/>(0, <paramref name="n"/>).</summary>
    public void RemoveFront(int n)
    {
        if ((uint)n > (uint)_count) ThrowIndex();
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>()) Array.Clear(_items, _head, n);
        _head += n;
        _count -= n;
        if (_count == 0) _head = 0;
    }

    private void MakeRoom()
    {
        if (_head > 0 && _count < _items.Length / 2)
        {
            Array.Copy(_items, _head, _items, 0, _count);
            if (RuntimeHelpers.IsReferenceOrContainsReferences<T>()) Array.Clear(_items, _count, _head);
        }
        else
        {
            var grown = new T[_items.Length * 2];
            Array.Copy(_items, _head, grown, 0, _count);
            _items = grown;
        }
        _head = 0;
    }

    private static void ThrowIndex() => throw new ArgumentOutOfRangeException("index");
}
