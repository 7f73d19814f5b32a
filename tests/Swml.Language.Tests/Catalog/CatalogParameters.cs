using Swml.Language.Catalog;

namespace Swml.Language.Tests.Catalog;

/// <summary>Every parameter of the catalog, nested ones included, with a path that names it in messages.</summary>
internal static class CatalogParameters
{
    /// <summary>
    /// Each parameter once, at the first path it is met: shapes are shared (ai's languages also sit
    /// under multilingual), and a parameter's rules do not depend on where it sits.
    /// </summary>
    public static IEnumerable<(string Path, ParameterDefinition Parameter)> All()
    {
        var seen = new HashSet<ParameterDefinition>(ReferenceEqualityComparer.Instance);
        var shapes = new HashSet<ValueShape>(ReferenceEqualityComparer.Instance);
        return MethodCatalog.All.SelectMany(m => Walk(m.Arguments, m.Name, seen, shapes)).ToList();
    }

    private static IEnumerable<(string, ParameterDefinition)> Walk(ValueShape shape, string path, HashSet<ParameterDefinition> seen, HashSet<ValueShape> shapes)
    {
        if (!shapes.Add(shape))
        {
            yield break;
        }

        var inner = shape switch
        {
            ObjectShape obj => obj.Properties.SelectMany(p => seen.Add(p)
                    ? new[] { (path + "." + p.Name, p) }.Concat(Walk(p.Shape, path + "." + p.Name, seen, shapes))
                    : Enumerable.Empty<(string, ParameterDefinition)>())
                .Concat(obj.AdditionalProperties is { } values ? Walk(values, path + ".*", seen, shapes) : Enumerable.Empty<(string, ParameterDefinition)>()),
            ArrayShape array => Walk(array.Items, path + "[]", seen, shapes),
            UnionShape union => union.Alternatives.SelectMany(a => Walk(a, path, seen, shapes)),
            _ => Enumerable.Empty<(string, ParameterDefinition)>(),
        };
        foreach (var item in inner)
        {
            yield return item;
        }
    }
}
