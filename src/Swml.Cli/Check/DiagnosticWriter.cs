using System.Text.Encodings.Web;
using System.Text.Json;
using Swml.Language.Diagnostics;

namespace Swml.Cli.Check;

/// <summary>Writes diagnostics as MSBuild-style text lines or as one JSON array.</summary>
internal static class DiagnosticWriter
{
    public static void WriteText(TextWriter output, IEnumerable<(string Path, SwmlDiagnostic Diagnostic)> diagnostics)
    {
        foreach (var (path, diagnostic) in diagnostics)
        {
            output.WriteLine(diagnostic.ToString(path));
        }
    }

    public static void WriteJson(TextWriter output, IEnumerable<(string Path, SwmlDiagnostic Diagnostic)> diagnostics)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartArray();
            foreach (var (path, diagnostic) in diagnostics)
            {
                json.WriteStartObject();
                json.WriteString("path", path);
                json.WriteNumber("line", diagnostic.Span.Start.Line);
                json.WriteNumber("column", diagnostic.Span.Start.Column);
                json.WriteNumber("endLine", diagnostic.Span.End.Line);
                json.WriteNumber("endColumn", diagnostic.Span.End.Column);
                json.WriteString("severity", SwmlDiagnostic.SeverityText(diagnostic.Severity));
                json.WriteString("id", diagnostic.Id);
                json.WriteString("message", diagnostic.Message);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
