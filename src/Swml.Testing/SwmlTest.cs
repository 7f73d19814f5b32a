using Swml.Language.Binding;
using Swml.Runtime;
using Swml.Runtime.Flow;

namespace Swml.Testing;

/// <summary>
/// Where a flow test starts:
/// <code>
/// var run = await SwmlTest.For(new ReferAndReport())
///     .WithCall(c => c.Refer.Accepts().ThenNotifies(100, 200))
///     .RunAsync();
/// Assert.Equal("success", run.Variables["sip_refer_result"]);
/// </code>
/// </summary>
public static class SwmlTest
{
    /// <summary>A test of any flow: a generated class, or one interpreted from text.</summary>
    public static SwmlTestBuilder For(SwmlFlow flow) => new(flow);

    /// <summary>A test of a flow written as SWML text (YAML or JSON).</summary>
    public static SwmlTestBuilder For(string swml) => new(Flow(swml));

    /// <summary>A flow interpreted from SWML text; throws <see cref="SwmlDocumentException"/> with the diagnostics when the text has errors.</summary>
    public static InterpretedFlow Flow(string swml, string path = "test.swml")
    {
        ArgumentNullException.ThrowIfNull(swml);
        var document = SwmlDocument.Parse(swml, path);
        if (document.HasErrors)
        {
            throw new SwmlDocumentException(path, document.Diagnostics.Select(d => d.ToString(path)).ToArray());
        }

        return new InterpretedFlow(document);
    }
}

/// <summary>SWML text a test gave has errors; the message lists them as `swml check` would.</summary>
public sealed class SwmlDocumentException : Exception
{
    public SwmlDocumentException(string path, IReadOnlyList<string> diagnostics)
        : base($"{path} has errors:{Environment.NewLine}{string.Join(Environment.NewLine, diagnostics)}")
    {
        Diagnostics = diagnostics;
    }

    public IReadOnlyList<string> Diagnostics { get; }
}
