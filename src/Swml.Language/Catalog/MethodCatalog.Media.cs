using static Swml.Language.Catalog.Shapes;

namespace Swml.Language.Catalog;

public static partial class MethodCatalog
{
    private static IEnumerable<MethodDefinition> MediaMethods()
    {
        yield break;
    }
}
