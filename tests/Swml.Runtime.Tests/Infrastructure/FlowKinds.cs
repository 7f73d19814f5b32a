namespace Swml.Runtime.Tests.Infrastructure;

/// <summary>
/// The ways a test flow can run. Every engine test is a <c>[Theory, ClassData(typeof(FlowKinds))]</c>,
/// so each kind added here runs every test once more.
/// </summary>
public sealed class FlowKinds : TheoryData<string>
{
    /// <summary>Flows/&lt;name&gt;.swml parsed at run time and run by <see cref="Interpretation.DocumentInterpreter"/>.</summary>
    public const string Interpreted = "interpreted";

    /// <summary>The class the source generator makes of Flows/&lt;name&gt;.swml (see <see cref="TestFlows.CompiledTypeName"/>).</summary>
    public const string Compiled = "compiled";

    public FlowKinds()
    {
        Add(Interpreted);
        Add(Compiled);
    }
}
