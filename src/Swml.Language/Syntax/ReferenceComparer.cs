using System.Runtime.CompilerServices;

namespace Swml.Language.Syntax;

/// <summary>Compares objects by identity (netstandard2.0 has no ReferenceEqualityComparer).</summary>
internal sealed class ReferenceComparer : IEqualityComparer<object>
{
    public static readonly ReferenceComparer Instance = new();

    public new bool Equals(object? x, object? y) => ReferenceEquals(x, y);

    public int GetHashCode(object obj) => RuntimeHelpers.GetHashCode(obj);
}
