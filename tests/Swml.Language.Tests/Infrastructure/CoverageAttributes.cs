namespace Swml.Language.Tests.Infrastructure;

/// <summary>
/// The test triggers these diagnostic IDs and asserts their severity and exact spans.
/// DiagnosticCoverageTests checks that every descriptor has one; <see cref="DiagnosticAssert.Reports"/>
/// checks that a test asserting an ID declares it.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class CoversAttribute : Attribute
{
    public CoversAttribute(params string[] ids) => Ids = ids;

    public IReadOnlyList<string> Ids { get; }
}

/// <summary>
/// The test checks a document close to one that triggers these IDs, which must not trigger them.
/// DiagnosticCoverageTests checks that every descriptor has one.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class NearMissAttribute : Attribute
{
    public NearMissAttribute(params string[] ids) => Ids = ids;

    public IReadOnlyList<string> Ids { get; }
}
