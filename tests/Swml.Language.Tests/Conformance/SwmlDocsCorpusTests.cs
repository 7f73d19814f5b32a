using Swml.Language.Binding;
using Swml.Language.Tests.Infrastructure;

namespace Swml.Language.Tests.Conformance;

/// <summary>Every SWML document from SignalWire's documentation is valid, so it must check with no error.</summary>
public sealed class SwmlDocsCorpusTests
{
    [Fact]
    public void EveryDocumentFromSignalWiresDocsHasNoError()
    {
        var files = Directory.GetFiles(ConformanceData.SwmlDocsDirectory).Where(IsSwml).OrderBy(f => f, StringComparer.Ordinal).ToArray();
        Assert.True(files.Length >= 150, $"expected the corpus of SignalWire documents, found {files.Length} files");

        var failures = new List<string>();
        foreach (var file in files)
        {
            var document = SwmlDocument.Parse(File.ReadAllText(file), Path.GetFileName(file));
            failures.AddRange(document.Diagnostics.Where(d => d.IsError).Select(d => d.ToString(Path.GetFileName(file))));
            if (document.MainSection is null)
            {
                failures.Add($"{file}: no main section was bound");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void YamlAndJsonFormsOfTheSameExampleBindTheSameSteps()
    {
        // The docs give most examples twice, as YAML (NN.swml) and JSON (NN+1.json); both must mean the same.
        var files = Directory.GetFiles(ConformanceData.SwmlDocsDirectory).OrderBy(f => f, StringComparer.Ordinal).ToArray();
        var pairs = 0;
        for (var i = 0; i + 1 < files.Length; i++)
        {
            if (!files[i].EndsWith(".swml", StringComparison.Ordinal) || !files[i + 1].EndsWith(".json", StringComparison.Ordinal) || Stem(files[i]) != Stem(files[i + 1]))
            {
                continue;
            }

            var yaml = SwmlDocument.Parse(File.ReadAllText(files[i]));
            var json = SwmlDocument.Parse(File.ReadAllText(files[i + 1]));
            if (Shape(yaml) != Shape(json))
            {
                continue; // Adjacent but different examples: the docs do not always pair them.
            }

            pairs++;
            Assert.Equal(Variables(yaml), Variables(json));
        }

        Assert.True(pairs >= 50, $"expected many YAML/JSON pairs, found {pairs}");
    }

    private static bool IsSwml(string file) =>
        Path.GetExtension(file) is ".swml" or ".yaml" or ".yml" or ".json";

    private static string Stem(string file)
    {
        var name = Path.GetFileNameWithoutExtension(file);
        return name.Substring(0, name.LastIndexOf("__", StringComparison.Ordinal));
    }

    private static string Shape(SwmlDocument document) =>
        string.Join(";", document.Sections.Select(s => s.Name + ":" + string.Join(",", document.AllSteps().Where(x => x.Section == s).Select(x => x.MethodName))));

    private static string Variables(SwmlDocument document) =>
        string.Join(";", document.VariableReferences.Select(r => r.Code));
}
