using System.Collections;

namespace AksUpgradeDashboard.ArmEmulator;

/// <summary>A case-insensitive set of strings that is safe to read and change from several threads.</summary>
internal sealed class ConcurrentStringSet : ISet<string>
{
    private readonly HashSet<string> _items = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _items.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    public bool Add(string item)
    {
        ArgumentNullException.ThrowIfNull(item);
        lock (_lock)
        {
            return _items.Add(item);
        }
    }

    void ICollection<string>.Add(string item) => Add(item);

    public void Clear()
    {
        lock (_lock)
        {
            _items.Clear();
        }
    }

    public bool Contains(string item)
    {
        lock (_lock)
        {
            return _items.Contains(item);
        }
    }

    public void CopyTo(string[] array, int arrayIndex)
    {
        lock (_lock)
        {
            _items.CopyTo(array, arrayIndex);
        }
    }

    public bool Remove(string item)
    {
        lock (_lock)
        {
            return _items.Remove(item);
        }
    }

    public void ExceptWith(IEnumerable<string> other)
    {
        var copy = Materialize(other);
        lock (_lock)
        {
            _items.ExceptWith(copy);
        }
    }

    public void IntersectWith(IEnumerable<string> other)
    {
        var copy = Materialize(other);
        lock (_lock)
        {
            _items.IntersectWith(copy);
        }
    }

    public void SymmetricExceptWith(IEnumerable<string> other)
    {
        var copy = Materialize(other);
        lock (_lock)
        {
            _items.SymmetricExceptWith(copy);
        }
    }

    public void UnionWith(IEnumerable<string> other)
    {
        var copy = Materialize(other);
        lock (_lock)
        {
            _items.UnionWith(copy);
        }
    }

    public bool IsProperSubsetOf(IEnumerable<string> other) => Snapshot().IsProperSubsetOf(Materialize(other));

    public bool IsProperSupersetOf(IEnumerable<string> other) => Snapshot().IsProperSupersetOf(Materialize(other));

    public bool IsSubsetOf(IEnumerable<string> other) => Snapshot().IsSubsetOf(Materialize(other));

    public bool IsSupersetOf(IEnumerable<string> other) => Snapshot().IsSupersetOf(Materialize(other));

    public bool Overlaps(IEnumerable<string> other) => Snapshot().Overlaps(Materialize(other));

    public bool SetEquals(IEnumerable<string> other) => Snapshot().SetEquals(Materialize(other));

    /// <summary>Enumerates a snapshot, so the set may change while it is enumerated.</summary>
    public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)Snapshot()).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private HashSet<string> Snapshot()
    {
        lock (_lock)
        {
            return new HashSet<string>(_items, StringComparer.OrdinalIgnoreCase);
        }
    }

    // Copy the argument first: it may be this set (or another lazily evaluated view of it), which must not be read under our lock.
    private static string[] Materialize(IEnumerable<string> other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return [.. other];
    }
}
