using System.Collections;
using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace Swml.Sip.Message;

/// <summary>
/// The header fields of a message, immutable and in the order received (RFC 3261 §7.3: the
/// relative order of fields with the same name matters, e.g. Via and Route). Look-ups take any
/// spelling of a name, compact or full. Editing methods return a new collection.
/// </summary>
public sealed class SipHeaders : IReadOnlyList<SipHeader>
{
    private readonly ImmutableArray<SipHeader> items;

    internal SipHeaders(ImmutableArray<SipHeader> items) => this.items = items;

    /// <summary>No header fields.</summary>
    public static SipHeaders Empty { get; } = new(ImmutableArray<SipHeader>.Empty);

    /// <inheritdoc/>
    public int Count => items.Length;

    /// <inheritdoc/>
    public SipHeader this[int index] => items[index];

    /// <summary>Creates a collection from name/value pairs, checking each.</summary>
    /// <exception cref="ArgumentException">A name is not a token, or a value holds CR, LF or another control character.</exception>
    public static SipHeaders Create(params IEnumerable<(string Name, string Value)> fields)
    {
        var builder = fields.TryGetNonEnumeratedCount(out var count)
            ? ImmutableArray.CreateBuilder<SipHeader>(count)
            : ImmutableArray.CreateBuilder<SipHeader>();
        foreach (var (name, value) in fields)
        {
            builder.Add(Checked(name, value));
        }

        return new SipHeaders(builder.DrainToImmutable());
    }

    /// <summary>Whether at least one field has this name.</summary>
    public bool Contains(string name) => IndexOf(name) >= 0;

    /// <summary>How many lines have this name.</summary>
    public int CountOf(string name)
    {
        var canonical = HeaderNames.Canonicalize(name);
        var n = 0;
        foreach (var h in items)
        {
            n += h.IsCanonically(canonical) ? 1 : 0;
        }

        return n;
    }

    /// <summary>The value of the first line with this name, or null.</summary>
    public string? GetFirst(string name)
    {
        var i = IndexOf(name);
        return i < 0 ? null : items[i].Value;
    }

    /// <summary>The value of each line with this name, in order, unsplit.</summary>
    public IReadOnlyList<string> GetAll(string name)
    {
        var canonical = HeaderNames.Canonicalize(name);
        var values = new List<string>();
        foreach (var h in items)
        {
            if (h.IsCanonically(canonical))
            {
                values.Add(h.Value);
            }
        }

        return values;
    }

    /// <summary>
    /// The values of a field across all its lines. For list fields (<see cref="HeaderNames.IsList"/>)
    /// each line is split at top-level commas and empty elements are dropped; other fields give one
    /// value per line.
    /// </summary>
    public IReadOnlyList<string> GetValues(string name)
    {
        if (!HeaderNames.IsList(name))
        {
            return GetAll(name);
        }

        var values = new List<string>();
        foreach (var line in GetAll(name))
        {
            foreach (var element in HeaderValueList.Split(line))
            {
                if (element.Length > 0)
                {
                    values.Add(element);
                }
            }
        }

        return values;
    }

    /// <summary>A copy with a field appended.</summary>
    /// <exception cref="ArgumentException">The name or value is not valid.</exception>
    public SipHeaders Add(string name, string value) => new(items.Add(Checked(name, value)));

    /// <summary>A copy with a field inserted before all others (as a proxy adds its Via, §16.6).</summary>
    /// <exception cref="ArgumentException">The name or value is not valid.</exception>
    public SipHeaders Prepend(string name, string value) => new(items.Insert(0, Checked(name, value)));

    /// <summary>
    /// A copy where the field has exactly one line with <paramref name="value"/>: at the place of
    /// the first existing line, or appended.
    /// </summary>
    /// <exception cref="ArgumentException">The name or value is not valid.</exception>
    public SipHeaders Set(string name, string value) => Set(Checked(name, value));

    /// <summary>
    /// A copy where the first element of a list field is <paramref name="value"/>: the first line,
    /// or its first comma-separated element when the line holds several (a proxy's Vias on one
    /// line). The field must be present.
    /// </summary>
    /// <exception cref="ArgumentException">The name or value is not valid, or the field is absent.</exception>
    public SipHeaders ReplaceFirstElement(string name, string value)
    {
        var header = Checked(name, value);
        var i = IndexOf(header.CanonicalName);
        if (i < 0)
        {
            throw new ArgumentException($"There is no {name} to replace.", nameof(name));
        }

        var elements = HeaderValueList.Split(items[i].Value);
        var line = elements.Count <= 1 ? header : new SipHeader(items[i].Name, value + ", " + string.Join(", ", elements.Skip(1)));
        var copy = items.ToArray();
        copy[i] = line;
        return Own(copy);
    }

    /// <summary>A copy without any line of this name.</summary>
    public SipHeaders Remove(string name)
    {
        var canonical = HeaderNames.Canonicalize(name);
        var kept = items.Length - CountFrom(0, canonical);
        if (kept == items.Length)
        {
            return this;
        }

        var copy = new SipHeader[kept];
        var n = 0;
        foreach (var h in items)
        {
            if (!h.IsCanonically(canonical))
            {
                copy[n++] = h;
            }
        }

        return new SipHeaders(ImmutableCollectionsMarshal.AsImmutableArray(copy));
    }

    /// <inheritdoc/>
    public IEnumerator<SipHeader> GetEnumerator() => ((IEnumerable<SipHeader>)items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal ImmutableArray<SipHeader> Items => items;

    /// <summary>Wraps an array that nobody else holds, without copying it.</summary>
    internal static SipHeaders Own(SipHeader[] fields) => new(ImmutableCollectionsMarshal.AsImmutableArray(fields));

    /// <summary><see cref="Set(string, string)"/> for a field already checked: one exact-size copy.</summary>
    internal SipHeaders Set(SipHeader header)
    {
        var canonical = header.CanonicalName;
        var i = IndexOf(canonical);
        if (i < 0)
        {
            var appended = new SipHeader[items.Length + 1];
            items.CopyTo(appended);
            appended[^1] = header;
            return Own(appended);
        }

        var copy = new SipHeader[items.Length - CountFrom(i + 1, canonical)];
        items.CopyTo(0, copy, 0, i);
        copy[i] = header;
        var n = i + 1;
        for (var k = i + 1; k < items.Length; k++)
        {
            if (!items[k].IsCanonically(canonical))
            {
                copy[n++] = items[k];
            }
        }

        return Own(copy);
    }

    /// <summary>The first line with this name, canonically spelled; -1 when none.</summary>
    internal int IndexOfCanonical(string canonical, int start = 0)
    {
        for (var i = start; i < items.Length; i++)
        {
            if (items[i].IsCanonically(canonical))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Checks a field given by code: a token name, and a value that fits on one line.</summary>
    internal static SipHeader Checked(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        if (!SipChars.IsToken(name))
        {
            throw new ArgumentException($"'{name}' is not a valid header field name.", nameof(name));
        }

        if (!SipChars.IsValidFieldValue(value))
        {
            throw new ArgumentException($"The value of {name} holds CR, LF or an unescaped control character.", nameof(value));
        }

        return new SipHeader(name, value.Trim(' ', '\t'));
    }

    private int IndexOf(string name) => IndexOfCanonical(HeaderNames.Canonicalize(name));

    private int CountFrom(int start, string canonical)
    {
        var n = 0;
        for (var k = start; k < items.Length; k++)
        {
            n += items[k].IsCanonically(canonical) ? 1 : 0;
        }

        return n;
    }
}
