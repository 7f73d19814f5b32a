using Swml.Language.Text;

namespace Swml.Language.Binding;

public enum DestinationKind
{
    /// <summary>A section of this document.</summary>
    Section,

    /// <summary>An http(s) URL that answers with a SWML document.</summary>
    Url,

    /// <summary>A SWML document written inline as JSON.</summary>
    InlineDocument,

    /// <summary>Computed at run time from <c>${...}</c>: any section or URL.</summary>
    Dynamic,
}

/// <summary>Where an execute or transfer goes.</summary>
public sealed class Destination
{
    internal Destination(DestinationKind kind, string text, SourceSpan span, SectionSymbol? section)
    {
        Kind = kind;
        Text = text;
        Span = span;
        Section = section;
    }

    public DestinationKind Kind { get; }

    /// <summary>The dest value as written.</summary>
    public string Text { get; }

    public SourceSpan Span { get; }

    /// <summary>The target section, for <see cref="DestinationKind.Section"/> when it exists.</summary>
    public SectionSymbol? Section { get; internal set; }

    public override string ToString() => $"{Kind} {Text}";
}
