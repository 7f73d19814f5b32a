using Swml.Generators.Model;
using Swml.Language.Diagnostics;
using Swml.Language.Lowering;

namespace Swml.Generators;

/// <summary>
/// Keeps the classes and source files of a project's flows apart. Two files that compile to one
/// class (flows/a-b.swml and flows/a_b.swml), or a class named like a flow namespace
/// (flows/support.swml beside flows/support/*.swml), would break the build with CS0101 in
/// generated code; two files with one hint name (linked files of the same name) would make the
/// compiler drop every flow (CS8785). The first file by path keeps its name; any other is an
/// error (SWML0601) that says how to name it, and is compiled under the first free number
/// meanwhile, so the build reports that one error and no cascade from generated code.
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
        var namespaces = new Dictionary<string, FlowName>(StringComparer.Ordinal);
        foreach (var name in ordered)
        {
            foreach (var prefix in Prefixes(name.Namespace))
            {
                if (!namespaces.ContainsKey(prefix))
                {
                    namespaces[prefix] = name;
                }
            }
        }

        var classes = new HashSet<string>(ordered.Select(n => n.FullName), StringComparer.Ordinal);
        var owners = new Dictionary<string, FlowName>(StringComparer.Ordinal);
        var hints = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var resolved = new List<FlowName>(ordered.Count);
        foreach (var name in ordered)
        {
            var result = name;
            var conflict = namespaces.TryGetValue(name.FullName, out var space) ? $"the namespace of '{space.RelativePath}'"
                : owners.TryGetValue(name.FullName, out var owner) ? $"the class of '{owner.RelativePath}'"
                : null;
            if (conflict is null)
            {
                owners[name.FullName] = name;
            }
            else
            {
                // Numbered past every name a file or namespace already has, so no other file is pushed off its own.
                var className = name.ClassName;
                for (var i = 2; classes.Contains(Full(name, className)) || namespaces.ContainsKey(Full(name, className)) || owners.ContainsKey(Full(name, className)); i++)
                {
                    className = name.ClassName + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                result = result with { ClassName = className, Conflict = conflict };
                owners[result.FullName] = result;
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

    /// <summary>The input with the names the project-wide check gave it, and the error when its class was taken.</summary>
    public static SwmlInput Apply(SwmlInput input, ValueList<FlowName> resolved)
    {
        var name = resolved.FirstOrDefault(n => n.Path == input.Path);
        if (name is null || (name.ClassName == input.ClassName && name.HintName == input.HintName))
        {
            return input;
        }

        var diagnostics = input.NameDiagnostics;
        if (name.Conflict is { } conflict)
        {
            var message = DiagnosticDescriptors.FlowClassNameTaken.Format(input.Name.FullName, conflict, name.ClassName);
            diagnostics = diagnostics.Concat(new[] { new DiagnosticInfo(DiagnosticDescriptors.FlowClassNameTaken.Id, message, LocationInfo.StartOf(input.Path)) }).ToValueList();
        }

        return input with { ClassName = name.ClassName, HintName = name.HintName, NameDiagnostics = diagnostics };
    }

    private static string Full(FlowName name, string className) => name.Namespace + "." + className;

    /// <summary>A.B.C, A.B and A: every namespace a flow's namespace declares.</summary>
    private static IEnumerable<string> Prefixes(string ns)
    {
        for (var end = ns.Length; end > 0; end = ns.LastIndexOf('.', end - 1))
        {
            yield return ns.Substring(0, end);
        }
    }
}
