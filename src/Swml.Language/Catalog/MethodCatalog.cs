namespace Swml.Language.Catalog;

/// <summary>
/// The 43 calling methods of SWML, written from SignalWire's documentation and checked against the
/// official calling schema by a test (MethodCatalogSchemaTests). Each group of methods lives in
/// its own partial file.
/// </summary>
public static partial class MethodCatalog
{
    private static readonly Dictionary<string, MethodDefinition> ByName;

    static MethodCatalog()
    {
        var all = ControlFlowMethods()
            .Concat(CallMethods())
            .Concat(ConnectMethods())
            .Concat(MediaMethods())
            .Concat(MessagingMethods())
            .Concat(AiMethods())
            .OrderBy(m => m.Name, StringComparer.Ordinal)
            .ToArray();
        All = all;
        ByName = all.ToDictionary(m => m.Name, StringComparer.Ordinal);
    }

    /// <summary>Every calling method, ordered by name.</summary>
    public static IReadOnlyList<MethodDefinition> All { get; }

    /// <summary>Methods of messaging SWML that a calling document cannot use.</summary>
    public static IReadOnlyList<string> MessagingOnlyMethods { get; } = new[] { "receive", "reply", "transform" };

    public static MethodDefinition? Find(string name) => ByName.TryGetValue(name, out var method) ? method : null;

    /// <summary>Every variable some method can set, with the methods that set it.</summary>
    public static IEnumerable<(OutputVariable Variable, MethodDefinition Method)> AllOutputs() =>
        All.SelectMany(m => m.Outputs.Select(o => (o, m)));
}
