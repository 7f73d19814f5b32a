using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Swml.Generators.Tests.Infrastructure;

namespace Swml.Generators.Tests;

/// <summary>
/// The pipeline's caching, on a driver that tracks every step (TrackingNames): an unchanged run,
/// an edit of one .swml file, a C# edit, and edits that change only comments or white space each
/// recompute only what they must. Step outputs hold only plain data, and equal input gives equal
/// models.
/// </summary>
public sealed class IncrementalityTests
{
    /// <summary>Every step the generator names, in pipeline order.</summary>
    private static readonly string[] StepNames = typeof(TrackingNames)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (string)f.GetValue(null)!)
        .ToArray();

    private static readonly (string Path, string Text)[] Files =
    {
        ("flows/refer_and_report.swml", File.ReadAllText(RepoPaths.SampleFlow)),
        ("flows/control_flow.swml", RepoPaths.ReadFlow("control_flow.swml")),
        ("flows/media_and_request.swml", RepoPaths.ReadFlow("media_and_request.swml")),
    };

    /// <summary>The steps with one output per file; the project-wide name check has one for the project.</summary>
    private static readonly string[] PerFileSteps = StepNames.Where(n => n != TrackingNames.ProjectNames).ToArray();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public void TheTrackingNamesAreTheStepsOfThePipeline()
    {
        Assert.Equal(
            new[] { "Swml.Files", "Swml.Inputs", "Swml.Names", "Swml.ProjectNames", "Swml.NamedInputs", "Swml.Models", "Swml.Flows", "Swml.Diagnostics" },
            StepNames);
        var (_, _, first) = RunFirst();
        foreach (var name in PerFileSteps)
        {
            var steps = first.TrackedSteps[name];
            Assert.Equal(Files.Length, steps.Length);
            Assert.All(steps, s => Assert.Equal(IncrementalStepRunReason.New, Assert.Single(s.Outputs).Reason));
        }

        var project = Assert.Single(first.TrackedSteps[TrackingNames.ProjectNames]);
        Assert.Equal(IncrementalStepRunReason.New, Assert.Single(project.Outputs).Reason);
        Assert.Equal(Files.Length, first.GeneratedSources.Length);
    }

    [Fact]
    public void ASecondRunWithoutChangesIsCachedThroughout()
    {
        var (driver, compilation, first) = RunFirst();

        var second = driver.RunGenerators(compilation.Clone(), Cancel).GetRunResult().Results.Single();

        foreach (var name in StepNames)
        {
            Assert.All(Reasons(second, name), r => Assert.Contains(r, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));
        }

        Assert.All(second.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        Assert.Equal(Texts(first), Texts(second));
    }

    [Fact]
    public void EditingOneFileRecomputesOnlyThatFile()
    {
        var (driver, compilation, _) = RunFirst(out var texts);
        var edited = new InMemoryAdditionalText(texts[2].Path, Files[2].Text.Replace("silence: 1", "silence: 2"));

        var result = driver.ReplaceAdditionalText(texts[2], edited).RunGenerators(compilation, Cancel).GetRunResult().Results.Single();

        // The other files: nothing recomputed.
        foreach (var name in PerFileSteps)
        {
            var reasons = Reasons(result, name);
            Assert.Equal(IncrementalStepRunReason.Cached, reasons[0]);
            Assert.Equal(IncrementalStepRunReason.Cached, reasons[1]);
        }

        // The edited file: a new text, input, model and flow; its names, the project's name check
        // and its diagnostics (none) are equal.
        Assert.Equal(texts[2].Path, ((AdditionalText)result.TrackedSteps[TrackingNames.Files][2].Outputs[0].Value).Path);
        Assert.Equal(IncrementalStepRunReason.Modified, Reasons(result, TrackingNames.Files)[2]);
        Assert.Equal(IncrementalStepRunReason.Modified, Reasons(result, TrackingNames.Inputs)[2]);
        Assert.Equal(IncrementalStepRunReason.Unchanged, Reasons(result, TrackingNames.Names)[2]);
        Assert.Equal(IncrementalStepRunReason.Cached, Assert.Single(Reasons(result, TrackingNames.ProjectNames)));
        Assert.Equal(IncrementalStepRunReason.Modified, Reasons(result, TrackingNames.NamedInputs)[2]);
        Assert.Equal(IncrementalStepRunReason.Modified, Reasons(result, TrackingNames.Models)[2]);
        Assert.Equal(IncrementalStepRunReason.Modified, Reasons(result, TrackingNames.Flows)[2]);
        Assert.Equal(IncrementalStepRunReason.Unchanged, Reasons(result, TrackingNames.Diagnostics)[2]);

        // Only its source is produced again.
        var sourceOutputs = result.TrackedOutputSteps["SourceOutput"].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Equal(1, sourceOutputs.Count(r => r != IncrementalStepRunReason.Cached));
        Assert.Contains("\"silence: 2\"", result.GeneratedSources.Single(s => s.HintName.StartsWith("flows_media_and_request_swml.", StringComparison.Ordinal)).SourceText.ToString());
    }

    [Fact]
    public void ACSharpEditRecomputesNothing()
    {
        var (driver, compilation, first) = RunFirst();
        var tree = compilation.SyntaxTrees.Single();
        var edited = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText("namespace Acme; public static class Existing { public static int Added => 1; }", GeneratorRunner.ParseOptions, path: tree.FilePath, cancellationToken: Cancel));

        var result = driver.RunGenerators(edited, Cancel).GetRunResult().Results.Single();

        foreach (var name in StepNames)
        {
            Assert.All(Reasons(result, name), r => Assert.Contains(r, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));
        }

        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        Assert.Equal(Texts(first), Texts(result));
    }

    [Fact]
    public void AddingAFileRedoesTheNameCheckButNoOtherFlow()
    {
        // The project-wide name check sees a new name, so every file is matched against it again;
        // their names are unchanged, so no other model, source or diagnostic is produced again.
        var (driver, compilation, _) = RunFirst();
        var added = new InMemoryAdditionalText(GeneratorRunner.ProjectDir + "flows/added.swml", "version: 1.0.0\nsections:\n  main:\n    - hangup: {}\n");

        var result = driver.AddAdditionalTexts([added]).RunGenerators(compilation, Cancel).GetRunResult().Results.Single();

        Assert.Equal(IncrementalStepRunReason.Modified, Assert.Single(Reasons(result, TrackingNames.ProjectNames)));
        var named = Reasons(result, TrackingNames.NamedInputs);
        Assert.All(named.Take(Files.Length), r => Assert.Equal(IncrementalStepRunReason.Unchanged, r));
        Assert.Equal(IncrementalStepRunReason.New, named[Files.Length]);
        foreach (var name in new[] { TrackingNames.Models, TrackingNames.Flows, TrackingNames.Diagnostics })
        {
            var reasons = Reasons(result, name);
            Assert.All(reasons.Take(Files.Length), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
            Assert.Equal(IncrementalStepRunReason.New, reasons[Files.Length]);
        }

        Assert.Equal(Files.Length + 1, result.GeneratedSources.Length);
    }

    [Fact]
    public void ACommentAtTheEndStopsAtTheModel()
    {
        // The text (and input) changed, but no position in the document moved: the model is equal
        // and neither source nor diagnostics are produced again.
        var (driver, compilation, _) = RunFirst(out var texts);
        var result = driver.ReplaceAdditionalText(texts[1], new InMemoryAdditionalText(texts[1].Path, Files[1].Text + "\n# reviewed   \n"))
            .RunGenerators(compilation, Cancel).GetRunResult().Results.Single();

        Assert.Equal(IncrementalStepRunReason.Modified, Reasons(result, TrackingNames.Files)[1]);
        Assert.Equal(IncrementalStepRunReason.Modified, Reasons(result, TrackingNames.Inputs)[1]);
        Assert.Equal(IncrementalStepRunReason.Unchanged, Reasons(result, TrackingNames.Models)[1]);
        Assert.Equal(IncrementalStepRunReason.Cached, Reasons(result, TrackingNames.Flows)[1]);
        Assert.Equal(IncrementalStepRunReason.Cached, Reasons(result, TrackingNames.Diagnostics)[1]);
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void SpacesThatShiftOffsetsButNoLineOrColumnStillReemitTheSameSource()
    {
        // Trailing spaces on an early line move no line or column, but the model keeps each
        // placeholder's and diagnostic's character offset too, so the flow is Modified and its
        // source produced again, with the same text. (Only #line's lines and columns reach the code.)
        var (driver, compilation, first) = RunFirst(out var texts);
        var text = Files[1].Text.Replace("    - label: again\n", "    - label: again   \n");
        var result = driver.ReplaceAdditionalText(texts[1], new InMemoryAdditionalText(texts[1].Path, text))
            .RunGenerators(compilation, Cancel).GetRunResult().Results.Single();

        Assert.Equal(IncrementalStepRunReason.Modified, Reasons(result, TrackingNames.Models)[1]);
        Assert.Equal(IncrementalStepRunReason.Modified, Reasons(result, TrackingNames.Flows)[1]);
        Assert.Equal(IncrementalStepRunReason.Modified, Reasons(result, TrackingNames.Diagnostics)[1]);
        Assert.Equal(Texts(first), Texts(result));
        Assert.Equal(
            first.Diagnostics.Single().Location.GetLineSpan(),
            result.Diagnostics.Single().Location.GetLineSpan());
    }

    [Fact]
    public void ACommentThatMovesLinesReemitsOnlyWhatHoldsPositions()
    {
        // A comment line at the top moves every line. The #line directives of a flow with ${...}
        // and the locations of diagnostics hold positions, so those are recomputed; a flow with
        // neither holds none, and its model stays equal.
        var plain = "version: 1.0.0\nsections:\n  main:\n    - answer: {}\n    - hangup: {}\n";
        var texts = new AdditionalText[]
        {
            new InMemoryAdditionalText(GeneratorRunner.ProjectDir + "flows/refer_and_report.swml", Files[0].Text),
            new InMemoryAdditionalText(GeneratorRunner.ProjectDir + "flows/ai_agent.swml", RepoPaths.ReadFlow("ai_agent.swml")),
            new InMemoryAdditionalText(GeneratorRunner.ProjectDir + "flows/plain.swml", plain),
        };
        var compilation = GeneratorRunner.Compilation();
        var driver = GeneratorRunner.CreateDriver(texts, TestAnalyzerConfigOptionsProvider.ForProject("Acme", GeneratorRunner.ProjectDir))
            .RunGenerators(compilation, Cancel);
        foreach (var text in texts)
        {
            driver = driver.ReplaceAdditionalText(text, new InMemoryAdditionalText(text.Path, "# moved down\n" + text.GetText(Cancel)));
        }

        var result = driver.RunGenerators(compilation, Cancel).GetRunResult().Results.Single();

        // refer_and_report: ${sip_refer_to_response_code} has a #line, so its flow is re-emitted.
        Assert.Equal(IncrementalStepRunReason.Modified, Reasons(result, TrackingNames.Models)[0]);
        Assert.Equal(IncrementalStepRunReason.Modified, Reasons(result, TrackingNames.Flows)[0]);
        Assert.Equal(IncrementalStepRunReason.Unchanged, Reasons(result, TrackingNames.Diagnostics)[0]);

        // ai_agent: no #line (AI arguments are not interpolated), but its SWML0503 warning moves.
        Assert.Equal(IncrementalStepRunReason.Modified, Reasons(result, TrackingNames.Models)[1]);
        Assert.Equal(IncrementalStepRunReason.Unchanged, Reasons(result, TrackingNames.Flows)[1]);
        Assert.Equal(IncrementalStepRunReason.Modified, Reasons(result, TrackingNames.Diagnostics)[1]);
        Assert.Equal(6, Assert.Single(result.Diagnostics).Location.GetLineSpan().StartLinePosition.Line);

        // plain: nothing positional, so nothing after the input is recomputed.
        Assert.Equal(IncrementalStepRunReason.Modified, Reasons(result, TrackingNames.Inputs)[2]);
        Assert.Equal(IncrementalStepRunReason.Unchanged, Reasons(result, TrackingNames.Models)[2]);
        Assert.Equal(IncrementalStepRunReason.Cached, Reasons(result, TrackingNames.Flows)[2]);
        Assert.Equal(IncrementalStepRunReason.Cached, Reasons(result, TrackingNames.Diagnostics)[2]);
    }

    [Fact]
    public void StepOutputsHoldNoRoslynObjects()
    {
        // NetEscapades' check: no step after the AdditionalText itself keeps a symbol, syntax, a
        // compilation, a Location or a SourceText alive. Includes a file with diagnostics.
        (string Path, string Text)[] files = [.. Files, ("flows/broken.swml", "version: 1.0.0\nsections:\n  main:\n    - goto: nowhere\n    - play:\n        url: \"say: ${nope}\"\n")];
        var result = GeneratorRunner.Run(files);
        Assert.NotEmpty(result.Diagnostics);

        var banned = new[]
        {
            typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(Compilation), typeof(SemanticModel), typeof(Location),
            typeof(SourceText), typeof(AdditionalText), typeof(AnalyzerConfigOptions), typeof(AnalyzerConfigOptionsProvider),
        };
        foreach (var name in StepNames.Where(n => n != TrackingNames.Files))
        {
            foreach (var step in result.TrackedSteps[name])
            {
                foreach (var (value, _) in step.Outputs)
                {
                    var found = FindBanned(value, banned, name, new HashSet<object>(ReferenceEqualityComparer.Instance), depth: 0);
                    Assert.True(found is null, $"A {name} output holds {found}");
                }
            }
        }
    }

    [Fact]
    public void TheWalkFindsRoslynObjectsWhereTheyAre()
    {
        // The Files step's outputs are the AdditionalTexts themselves, which hold a SourceText.
        var result = GeneratorRunner.Run(Files[0]);
        var value = Assert.Single(result.TrackedSteps[TrackingNames.Files]).Outputs[0].Value;
        Assert.NotNull(FindBanned(value, new[] { typeof(SourceText) }, "file", new HashSet<object>(ReferenceEqualityComparer.Instance), depth: 0));

        // And deep inside structs, tuples and collections, as in EquatableArray's array.
        var nested = new object[] { (1, new List<object> { "x", new KeyValuePair<string, Location>("k", Location.None) }) };
        Assert.Equal(
            "a Location at nested[0].Item2[1].value",
            FindBanned(nested, new[] { typeof(Location) }, "nested", new HashSet<object>(ReferenceEqualityComparer.Instance), depth: 0));
    }

    [Fact]
    public void EqualInputGivesEqualModels()
    {
        // Two drivers, two generator instances, texts built separately: every step's outputs are
        // equal (with equal hash codes) without being the same objects.
        (string Path, string Text)[] files = [.. Files, ("flows/broken.swml", "version: 1.0.0\nsections:\n  main:\n    - goto: nowhere\n")];
        var first = GeneratorRunner.Run(files);
        var second = GeneratorRunner.Run(files.Select(f => (new string(f.Path.ToCharArray()), new string(f.Text.ToCharArray()))).ToArray());

        foreach (var name in StepNames.Where(n => n != TrackingNames.Files))
        {
            var left = first.TrackedSteps[name].Select(s => s.Outputs[0].Value).ToList();
            var right = second.TrackedSteps[name].Select(s => s.Outputs[0].Value).ToList();
            Assert.Equal(left.Count, right.Count);
            for (var i = 0; i < left.Count; i++)
            {
                Assert.Equal(left[i], right[i]);
                if (left[i] is null)
                {
                    continue; // the broken file's flow
                }

                Assert.Equal(left[i].GetHashCode(), right[i].GetHashCode());
                if (!left[i].GetType().IsValueType)
                {
                    Assert.NotSame(left[i], right[i]);
                }
            }
        }

        // And a different document gives a different model.
        var changed = GeneratorRunner.Run(files.Select(f => (f.Path, f.Text.Replace("say: ", "say: x"))).ToArray());
        Assert.NotEqual(first.TrackedSteps[TrackingNames.Models][0].Outputs[0].Value, changed.TrackedSteps[TrackingNames.Models][0].Outputs[0].Value);
    }

    private static (GeneratorDriver Driver, CSharpCompilation Compilation, GeneratorRunResult First) RunFirst() => RunFirst(out _);

    private static (GeneratorDriver Driver, CSharpCompilation Compilation, GeneratorRunResult First) RunFirst(out AdditionalText[] texts)
    {
        texts = Files.Select(f => (AdditionalText)new InMemoryAdditionalText(GeneratorRunner.ProjectDir + f.Path, f.Text)).ToArray();
        var compilation = GeneratorRunner.Compilation();
        var driver = GeneratorRunner.CreateDriver(texts, TestAnalyzerConfigOptionsProvider.ForProject("Acme", GeneratorRunner.ProjectDir))
            .RunGenerators(compilation, Cancel);
        var first = driver.GetRunResult().Results.Single();
        Assert.Null(first.Exception);
        return (driver, compilation, first);
    }

    /// <summary>The reason of each file's output of one step, in file order.</summary>
    private static IncrementalStepRunReason[] Reasons(GeneratorRunResult result, string stepName) =>
        result.TrackedSteps[stepName].Select(s => Assert.Single(s.Outputs).Reason).ToArray();

    private static string[] Texts(GeneratorRunResult result) =>
        result.GeneratedSources.Select(s => s.HintName + "\n" + s.SourceText).ToArray();

    /// <summary>A path to the first object of a banned type in the graph, or null.</summary>
    private static string? FindBanned(object? value, Type[] banned, string path, HashSet<object> seen, int depth)
    {
        if (value is null || value is string || value is Pointer)
        {
            return null;
        }

        var type = value.GetType();
        if (banned.FirstOrDefault(b => b.IsAssignableFrom(type)) is { } hit)
        {
            return $"a {hit.Name} at {path}";
        }

        if (type.IsPrimitive || type.IsEnum || value is decimal || depth > 64 || (!type.IsValueType && !seen.Add(value)))
        {
            return null;
        }

        if (value is IEnumerable items)
        {
            var i = 0;
            foreach (var item in items)
            {
                if (FindBanned(item, banned, $"{path}[{i++}]", seen, depth + 1) is { } found)
                {
                    return found;
                }
            }
        }

        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (FindBanned(field.GetValue(value), banned, $"{path}.{field.Name}", seen, depth + 1) is { } found)
                {
                    return found;
                }
            }
        }

        return null;
    }
}
