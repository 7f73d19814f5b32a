namespace Swml.Generators;

/// <summary>Names of the pipeline steps, so tests can check what each run recomputed.</summary>
public static class TrackingNames
{
    public const string Files = "Swml.Files";
    public const string Inputs = "Swml.Inputs";
    public const string Names = "Swml.Names";
    public const string ProjectNames = "Swml.ProjectNames";
    public const string NamedInputs = "Swml.NamedInputs";
    public const string Models = "Swml.Models";
    public const string Flows = "Swml.Flows";
    public const string Diagnostics = "Swml.Diagnostics";
}
