using Swml.Generators.Helpers;
using Swml.Generators.Model;
using Swml.Language.Diagnostics;
using Swml.Language.Lowering;

namespace Swml.Generators;

/// <summary>
/// Keeps the classes and source files of a project's flows apart. Two files that compile to the
/// same class (flows/a-b.swml and flows/a_b.swml) would break the build with CS0101, and two with
/// the same hint name (linked files of the same name) would make the compiler drop every flow
/// (CS8785). The first file by path keeps its name; the others get the first free number, and a
/// warning that says how to choose a name.
/// </summary>
internal static class FlowNames
{
    public static ValueList<FlowName> Resolve(IEnumerable<FlowName> names)
    {
        // A file listed twice is one file: it keeps one name (and the output step skips the second copy).
        var ordered = names
            .GroupBy(n => n.Path, StringComparer.Ordinal).Select(g => g.First())
            .OrderBy(n => n.RelativePath, StringComparer.Ordinal).ThenBy(n => n.Path, StringComparer.Ordinal)
            .ToList();
        var classes = new HashSet<string>(ordered.Select(n => n.FullName), StringComparer.Ordinal);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var hints = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var resolved = new List<FlowName>(ordered.Count);
        foreach (var name in ordered)
        {
            var result = name;
            if (!taken.Add(name.FullName))
            {
                // Numbered past every name a file already has, so no later file is pushed off its own.
                var className = name.ClassName;
                for (var i = 2; classes.Contains(name.Namespace + "." + className) || !taken.Add(name.Namespace + "." + className); i++)
                {
                    className = name.ClassName + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                result = result with { ClassName = className };
            }

            // Hint names compare ignoring case; a path hash keeps them apart, this keeps them apart always.
            var hint = result.HintName;
            for (var i = 2; !hints.Add(hint); i++)
            {
                hint = result.HintName.Substring(0, result.HintName.Length - ".g.cs".Length) + "_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".g.cs";
            }

            resolved.Add(result with { HintName = hint });
        }

        return resolved.ToValueList();
    }

    /// <summary>The input with the names the project-wide check gave it, and the warning when its class was taken.</summary>
    public static SwmlInput Apply(SwmlInput input, ValueList<FlowName> resolved)
    {
        var name = resolved.FirstOrDefault(n => n.Path == input.Path);
        if (name is null || (name.ClassName == input.ClassName && name.HintName == input.HintName))
        {
            return input;
        }

        var diagnostics = input.NameDiagnostics;
        if (name.ClassName != input.ClassName)
        {
            var owner = resolved.First(n => n.FullName == input.Name.FullName);
            var message = DiagnosticDescriptors.FlowClassNameTaken.Format(input.Name.FullName, owner.RelativePath, name.ClassName);
            diagnostics = diagnostics.Concat(new[] { new DiagnosticInfo(DiagnosticDescriptors.FlowClassNameTaken.Id, message, LocationInfo.StartOf(input.Path)) }).ToValueList();
        }

        return input with { ClassName = name.ClassName, HintName = name.HintName, NameDiagnostics = diagnostics };
    }
}
