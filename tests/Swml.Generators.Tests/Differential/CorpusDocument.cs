namespace Swml.Generators.Tests.Differential;

/// <summary>Where a document of the corpus comes from.</summary>
internal enum DocumentOrigin
{
    /// <summary>A .swml file under tests/, samples/ or bench/.</summary>
    RepositoryFile,

    /// <summary>An example of SignalWire's documentation, from $SWML_CONFORMANCE_DIR/swml-docs.</summary>
    SignalWireDocs,

    /// <summary>A string literal in a C# file under tests/ or samples/.</summary>
    TestSourceLiteral,
}

/// <summary>One SWML text and where it was found (a path relative to its root, with a line for literals).</summary>
internal sealed record CorpusDocument(DocumentOrigin Origin, string Source, string Text);

/// <summary>A document the generator can compile, under the unique path it is compiled at.</summary>
internal sealed record RunnableDocument(CorpusDocument Document, string VirtualPath);

/// <summary>A document left out, and why (for an SWML error: its id and title; <see cref="Detail"/> has the message).</summary>
internal sealed record ExcludedDocument(CorpusDocument Document, string Reason, string Detail);
