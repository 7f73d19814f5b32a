using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace Swml.Sip.Message;

/// <summary>
/// Collects a few items into an exact-size <see cref="ImmutableArray{T}"/>: one item, the usual
/// case, costs one array of one, and nothing is copied unless the count is not a power of two.
/// </summary>
internal struct ArrayBuilder<T>
{
    private T[]? items;
    private int count;

    public readonly int Count => count;

    public void Add(T item)
    {
        if (items is null)
        {
            items = new T[1];
        }
        else if (count == items.Length)
        {
            Array.Resize(ref items, count * 2);
        }

        items[count++] = item;
    }

    public readonly ImmutableArray<T> ToImmutable() =>
        items is null ? [] : ImmutableCollectionsMarshal.AsImmutableArray(count == items.Length ? items : items[..count]);
}
