namespace Swml.Generators.Model;

/// <summary>A diagnostic as plain values, turned into a Roslyn Diagnostic only when reported.</summary>
internal sealed record DiagnosticInfo(string Id, string Message, LocationInfo Location);
