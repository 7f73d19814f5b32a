namespace Swml.Runtime.Steps;

/// <summary>
/// Binds a property of a typed argument class to a parameter of its method in the SWML catalog.
/// A property may take several parameters (play's <c>url</c> and <c>urls</c> both fill
/// <see cref="PlayArguments.Urls"/>): the first one a step gives is read, and the last one is the
/// name written back by <see cref="StepArguments.ToJson"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class SwmlParameterAttribute : Attribute
{
    public SwmlParameterAttribute(string name) => Name = name;

    public string Name { get; }
}
