namespace Swml.Runtime.Flow;

/// <summary>
/// Names a step: its section and its path within the section ("3", or "3/[0].then/1" for a step
/// nested in a cond branch). Compiled and interpreted flows give a step the same id.
/// </summary>
public readonly record struct StepId(string Section, string Path)
{
    public override string ToString() => $"{Section}[{Path}]";
}
