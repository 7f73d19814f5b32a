namespace Swml.Generators.Helpers;

/// <summary>
/// Names every generated flow class has, declared by the emitter or inherited from SwmlFlow and
/// object. A typed variable property may not take them, and neither may the class itself (a class
/// cannot have a member of its own name, CS0542).
/// </summary>
internal static class FlowMembers
{
    public const string SectionEnum = "Section";
    public const string SourcePath = "SourcePath";
    public const string NameOf = "NameOf";
    public const string VariablesStruct = "Variables";
    public const string VariablesOf = "Vars";

    public static IReadOnlyCollection<string> Reserved { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        SectionEnum, SourcePath, NameOf, VariablesStruct, VariablesOf,

        // Swml.Runtime.SwmlFlow
        "Definition", "Context", "RunAsync", "BuildDefinition", "GetString", "GetValue", "Text",

        // object
        "Equals", "GetHashCode", "GetType", "ToString", "MemberwiseClone", "Finalize", "ReferenceEquals",
    };
}
