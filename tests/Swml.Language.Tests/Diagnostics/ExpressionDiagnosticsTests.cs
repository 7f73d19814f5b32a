using Swml.Language.Diagnostics;
using Swml.Language.Tests.Infrastructure;
using static Swml.Language.Tests.Infrastructure.DiagnosticAssert;

namespace Swml.Language.Tests.Diagnostics;

/// <summary>SWML03xx: variables and expressions. Flow-sensitive SWML0302 cases are in ExpressionDiagnosticsTests.Flow.cs.</summary>
public sealed partial class ExpressionDiagnosticsTests
{
    private const DiagnosticSeverity Error = DiagnosticSeverity.Error;
    private const DiagnosticSeverity Warning = DiagnosticSeverity.Warning;

    [Fact]
    [Covers("SWML0312")]
    public void Set_keys_that_are_not_plain_names_are_invalid()
    {
        var found = Reports("SWML0312", Error, """
            version: 1.0.0
            sections:
              main:
                - set:
                    {|1abc|}: x
                    {|d.e|}: w
                    {|"a[0]"|}: q
                    {|vars.a.b|}: y
            """);

        Assert.Equal(
            [
                "'1abc' is not a variable name: a variable name is letters, digits and '_', not starting with a digit",
                "'d.e' is not a variable name; set 'd' to a mapping to give it members",
                "'a[0]' is not a variable name: a variable name is letters, digits and '_', not starting with a digit",
                "'vars.a.b' is not a variable name; set 'a' to a mapping to give it members",
            ],
            found.Select(d => d.Message));
    }

    [Fact]
    [NearMiss("SWML0312")]
    public void Plain_names_and_vars_names_are_valid()
    {
        ReportsNothing("""
            version: 1.0.0
            sections:
              main:
                - set:
                    abc1: x
                    d: {e: w}
                    vars.a: y
                - switch:
                    variable: d.e
                    case: {w: [{hangup: {}}]}
                    default: []
                - unset: abc1
            """);
    }

}
