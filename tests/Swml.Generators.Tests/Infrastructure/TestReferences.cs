using Microsoft.CodeAnalysis.Testing;

namespace Swml.Generators.Tests.Infrastructure;

/// <summary>What a compilation of generated code references.</summary>
internal static class TestReferences
{
    /// <summary>
    /// .NET 10 reference assemblies (Microsoft.NETCore.App.Ref), resolved by the harness through
    /// NuGet into the default global packages folder on first use. Not ReferenceAssemblies.Net.Net100:
    /// it asks for 10.0.1, which the feed here does not hold; 10.0.12 is the SDK 10.0.401 runtime's.
    /// </summary>
    public static ReferenceAssemblies Net100 { get; } = new(
        "net10.0",
        new PackageIdentity("Microsoft.NETCore.App.Ref", "10.0.12"),
        Path.Combine("ref", "net10.0"));

    /// <summary>Swml.Runtime and what its public surface needs: Swml.Language, Jint, Acornima.</summary>
    public static IReadOnlyList<string> RuntimeAssemblies { get; } = new[]
    {
        typeof(Swml.Runtime.SwmlFlow).Assembly.Location,
        typeof(Swml.Language.Binding.SwmlDocument).Assembly.Location,
        typeof(Jint.Engine).Assembly.Location,
        typeof(Acornima.Parser).Assembly.Location,
    };
}
