using System.Threading;
using Swml.Generators.Helpers;
using Swml.Generators.Model;
using Swml.Language.Binding;
using Swml.Language.Diagnostics;
using Swml.Language.Lowering;
using Swml.Language.Syntax;

namespace Swml.Generators;

public sealed partial class SwmlGenerator
{
    /// <summary>
    /// Reads one .swml file with Swml.Language (the same parser, validator, diagnostics and
    /// lowering as swml check and the runtime), then names what the flow class shows of it: the
    /// Section enum members and the typed variable properties. What it returns is plain, equatable data.
    /// </summary>
    internal static class Parser
    {
        public static FlowModel Parse(SwmlInput input, CancellationToken cancellationToken)
        {
            if (input.Text is null)
            {
                var unread = new DiagnosticInfo(DiagnosticDescriptors.SyntaxError.Id, "the file could not be read", LocationInfo.StartOf(input.Path));
                return new FlowModel(null, input.NameDiagnostics.Concat(new[] { unread }).ToValueList());
            }

            var document = SwmlDocument.Parse(input.Text, input.Path, new SwmlParseOptions { HandledMethods = input.HandledMethods.ToArray() });
            cancellationToken.ThrowIfCancellationRequested();
            var diagnostics = input.NameDiagnostics
                .Concat(document.Diagnostics.Select(d => new DiagnosticInfo(d.Id, d.Message, LocationInfo.From(input.Path, d.Span))))
                .ToValueList();
            if (document.HasErrors)
            {
                return new FlowModel(null, diagnostics);
            }

            var flow = FlowLowering.Lower(document);
            cancellationToken.ThrowIfCancellationRequested();
            return new FlowModel(Spec(input, flow), diagnostics);
        }

        private static FlowSpec Spec(SwmlInput input, LoweredFlow flow)
        {
            var sectionNames = new HashSet<string>(StringComparer.Ordinal);
            var sections = flow.Sections
                .Select(s => new SectionSpec(s.Name, Names.Unique(Names.ToPascalCase(s.Name), sectionNames)))
                .ToValueList();

            // A property may take neither the name of a member every flow class has nor its class's (CS0542).
            var members = new HashSet<string>(FlowMembers.Reserved, StringComparer.Ordinal) { input.ClassName };
            var variables = flow.Variables
                .Select(v => new VariableSpec(v.Name, Names.Unique(Names.ToPascalCase(v.Name), members), v.IsText, v.Description))
                .ToValueList();
            return new FlowSpec(input.Namespace, input.ClassName, input.HintName, input.Path, input.RelativePath.Replace('\\', '/'), sections, variables, flow);
        }
    }
}
