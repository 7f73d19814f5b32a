using System.Text;

namespace Swml.Generators.Helpers;

/// <summary>An indented text writer for generated C#, as the .NET runtime generators use.</summary>
internal sealed class SourceWriter
{
    private const int IndentSize = 4;
    private readonly StringBuilder _builder = new(8 * 1024);
    private int _indent;

    public SourceWriter(int indent = 0) => _indent = indent;

    public void Indent() => _indent++;

    public void Unindent() => _indent--;

    public void WriteLine(string line)
    {
        if (line.Length > 0)
        {
            _builder.Append(' ', _indent * IndentSize);
        }

        _builder.Append(line).Append('\n');
    }

    public void WriteLine() => _builder.Append('\n');

    /// <summary>A line written at column 0, as preprocessor directives read best.</summary>
    public void WriteDirective(string directive) => _builder.Append(directive).Append('\n');

    /// <summary>Writes an optional header line, then "{", and indents.</summary>
    public void OpenBlock(string? header = null)
    {
        if (header is not null)
        {
            WriteLine(header);
        }

        WriteLine("{");
        Indent();
    }

    public void CloseBlock(string line = "}")
    {
        Unindent();
        WriteLine(line);
    }

    /// <summary>The column (0-based) the next written text starts at on an indented line.</summary>
    public int CurrentIndentColumn => _indent * IndentSize;

    /// <summary>Appends text another writer made, as it is.</summary>
    public void WriteRaw(string text) => _builder.Append(text);

    public override string ToString() => _builder.ToString();
}
