using Swml.Language.Diagnostics;
using Swml.Language.Tests.Infrastructure;
using static Swml.Language.Tests.Infrastructure.DiagnosticAssert;

namespace Swml.Language.Tests.Diagnostics;

/// <summary>SWML02xx: methods and their parameters.</summary>
public sealed class MethodDiagnosticsTests
{
    private const DiagnosticSeverity Error = DiagnosticSeverity.Error;

    [Fact]
    [Covers("SWML0212")]
    public void An_empty_cond_when_is_reported_once_as_an_empty_value()
    {
        // Not also as a JavaScript syntax error: there is no expression to parse.
        Reports("SWML0212", Error, """
            version: 1.0.0
            sections:
              main:
                - cond:
                    - when: {|""|}
                      then: []
                - label: again
                - goto: {label: again, when: {|" "|}}
            """);
    }

    [Fact]
    [NearMiss("SWML0212")]
    public void Named_labels_destinations_and_conditions_are_not_empty()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - label: start
                - execute: {dest: sub}
                - cond:
                    - when: "call.type == 'sip'"
                      then: []
                - goto: {label: start, max: 2}
              sub:
                - return: 1
            """);
    }
}
