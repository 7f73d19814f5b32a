namespace Swml.Generators.Model;

/// <summary>
/// One .swml file and the names it compiles to: the first pipeline step. Plain strings only, so an
/// unchanged file gives an equal input and everything after it stays cached.
/// </summary>
/// <param name="Path">The file's path as the compiler knows it (used for locations and #line).</param>
/// <param name="RelativePath">The path within the project, for names and docs.</param>
internal sealed record SwmlInput(string Path, string RelativePath, string? Text, string Namespace, string ClassName, string HintName);
