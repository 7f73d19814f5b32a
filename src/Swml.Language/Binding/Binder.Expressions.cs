using Swml.Language.Catalog;
using Swml.Language.Diagnostics;
using Swml.Language.Expressions;
using Swml.Language.Syntax;
using Swml.Language.Text;

namespace Swml.Language.Binding;

internal sealed partial class Binder
{
    // Names an earlier key of the set being bound defines; visible to later keys' values.
    private HashSet<string>? _locallyDefined;

    private void ValidateString(SyntaxNode node, StringShape shape, in ValueContext context, ParameterDefinition? parameter)
    {
        if (node is not ScalarNode { Type: ScalarType.String } scalar)
        {
            ReportWrongType(node, shape, context);
            return;
        }

        var value = scalar.Value;
        var expressions = context.Expressions == ExpressionContext.AiTemplate || shape.Context == ExpressionContext.Inherit
            ? context.Expressions
            : shape.Context;
        var interpolated = expressions switch
        {
            ExpressionContext.Template => AnalyzeTemplate(scalar, context),
            ExpressionContext.JavaScript => AnalyzeRawJavaScript(scalar, context),
            ExpressionContext.VariableName => AnalyzeVariableName(scalar, context, isTarget: false),
            ExpressionContext.VariableTarget => AnalyzeVariableName(scalar, context, isTarget: true),
            _ => Interpolation.Contains(value),
        };

        CheckStringValue(scalar, shape, context, interpolated);
        if (parameter is { IsSecret: true } && value.Length > 0 && !interpolated)
        {
            Report(DiagnosticDescriptors.LiteralPassword, scalar.Span, context.Path, EnvironmentName(context.Path));
        }
    }

    private void CheckStringValue(ScalarNode scalar, StringShape shape, in ValueContext context, bool interpolated)
    {
        var value = scalar.Value;
        if (shape.NonEmpty && value.Trim().Length == 0)
        {
            Report(DiagnosticDescriptors.EmptyValue, scalar.Span, context.Path);
            return;
        }

        // What follows checks literal text; with ${...} inside, only a literal scheme prefix can be checked.
        var literal = interpolated ? value.Substring(0, Interpolation.Scan(value)[0].Start) : value;
        if (interpolated && literal.Length == 0)
        {
            return;
        }

        if (shape.Values is { } values && !interpolated)
        {
            var comparison = shape.IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            if (!values.Any(v => string.Equals(v, value, comparison)))
            {
                var allowed = string.Join(", ", values.Select(v => $"'{v}'"));
                Report(DiagnosticDescriptors.InvalidEnumValue, scalar.Span, context.Path, allowed, value, Suggestions.DidYouMean(value, values));
            }
        }

        if (shape.Pattern is { } pattern && !interpolated && !pattern.IsMatch(value))
        {
            Report(DiagnosticDescriptors.InvalidFormat, scalar.Span, context.Path, shape.PatternDescription ?? "of the documented form", value);
        }

        switch (shape.Format)
        {
            case StringFormat.HttpUrl:
                if (interpolated ? !IsSchemePrefix(literal, "http://", "https://") : !StringFormats.CheckHttpUrl(value))
                {
                    Report(DiagnosticDescriptors.InvalidUrl, scalar.Span, context.Path, value);
                }

                CheckUrlPassword(scalar, context);
                break;
            case StringFormat.SipUri:
                var reason = interpolated
                    ? (literal.Contains(":") && !IsSchemePrefix(literal, "sip:", "sips:", "tel:") ? "the scheme must be sip, sips or tel" : null)
                    : StringFormats.CheckSipUri(value);
                if (reason is not null)
                {
                    Report(DiagnosticDescriptors.InvalidSipUri, scalar.Span, context.Path, reason);
                }

                break;
            case StringFormat.PlayUrl:
                if (interpolated ? !IsSchemePrefix(literal, "http://", "https://", "say:", "silence:", "ring:") : !StringFormats.CheckPlayUrl(value))
                {
                    Report(DiagnosticDescriptors.InvalidPlayUrl, scalar.Span, context.Path, value);
                }

                CheckUrlPassword(scalar, context);
                break;
            case StringFormat.Uri:
                var schemes = shape.Schemes ?? Array.Empty<string>();
                var problem = interpolated
                    ? (IsSchemePrefix(literal, schemes.Select(s => s + "://").ToArray()) ? null : $"a URI starting with {string.Join(", ", schemes.Select(s => s + "://"))}")
                    : StringFormats.CheckUri(value, schemes);
                if (problem is not null)
                {
                    Report(DiagnosticDescriptors.InvalidFormat, scalar.Span, context.Path, problem, value);
                }

                CheckUrlPassword(scalar, context);
                break;
        }
    }

    /// <summary>Whether literal text before a ${...} can still become one of the prefixes.</summary>
    private static bool IsSchemePrefix(string literal, params string[] prefixes) =>
        prefixes.Any(p => literal.StartsWith(p, StringComparison.OrdinalIgnoreCase) || p.StartsWith(literal, StringComparison.OrdinalIgnoreCase));

    private void CheckUrlPassword(ScalarNode scalar, in ValueContext context)
    {
        if (StringFormats.UrlPassword(scalar.Value) is { Length: > 0 } password && !Interpolation.Contains(password))
        {
            Report(DiagnosticDescriptors.CredentialsInUrl, scalar.Span, context.Path, EnvironmentName(context.Path));
        }
    }

    /// <summary>A suggested environment variable name for a credential: sip_refer.password gives SIP_REFER_PASSWORD.</summary>
    private static string EnvironmentName(string path)
    {
        var method = path.Split('.', '[')[0].ToUpperInvariant();
        return method + "_PASSWORD";
    }

    /// <summary>Reads the ${...} of a template string. Returns whether it has any.</summary>
    private bool AnalyzeTemplate(ScalarNode scalar, in ValueContext context)
    {
        var value = scalar.Value;
        if (!Interpolation.Contains(value))
        {
            return false;
        }

        var search = 0;
        foreach (var token in Interpolation.Scan(value))
        {
            var text = token.GetText(value);
            var span = LocateInScalar(scalar, text, ref search, out var exact);
            if (!token.IsTerminated)
            {
                Report(DiagnosticDescriptors.UnterminatedExpression, span, text);
                continue;
            }

            var code = token.Code.Trim();
            if (code.Length == 0)
            {
                Report(DiagnosticDescriptors.EmptyExpression, span, text);
                continue;
            }

            if (code.Length > JavaScriptExpression.MaxLength)
            {
                Report(DiagnosticDescriptors.ExpressionTooLong, span, code.Length, JavaScriptExpression.MaxLength);
                continue;
            }

            // Where the code starts inside the source, for pointing at a name within it.
            var codeOffset = exact ? span.Start.Offset + 2 + (token.Code.Length - token.Code.TrimStart().Length) : (int?)null;
            if (VariablePath.TryParse(code, out var path))
            {
                AddPathReference(ReferenceKind.Path, text, code, span, path, context);
            }
            else
            {
                AddJavaScriptReference(ReferenceKind.JavaScript, text, code, span, codeOffset, context, placeholders: 0);
            }
        }

        return true;
    }

    /// <summary>A field that is JavaScript as a whole: cond[].when, goto.when.</summary>
    private bool AnalyzeRawJavaScript(ScalarNode scalar, in ValueContext context)
    {
        var value = scalar.Value;
        if (value.Trim().Length == 0)
        {
            // Nothing to parse: the field's shape reports it as empty (SWML0212), once.
            return false;
        }

        var code = value;
        var placeholders = 0;
        var interpolated = Interpolation.Contains(value);
        if (interpolated)
        {
            // ${...} here is pasted in as text before the JavaScript runs: check it as a template,
            // then check the JavaScript with each ${...} standing in as a placeholder name.
            AnalyzeTemplate(scalar, context);
            var tokens = Interpolation.Scan(value);
            var suggestion = value;
            for (var i = tokens.Count - 1; i >= 0; i--)
            {
                var token = tokens[i];
                if (!token.IsTerminated)
                {
                    return true;
                }

                var placeholder = "__swml" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                code = code.Substring(0, token.Start) + placeholder + code.Substring(token.End);

                // '${color}' == 'green' pastes a string literal; the expression itself is color == 'green'.
                var start = token.Start;
                var end = token.End;
                if (start > 0 && end < suggestion.Length && suggestion[start - 1] is '\'' or '"' && suggestion[end] == suggestion[start - 1])
                {
                    start--;
                    end++;
                }

                suggestion = suggestion.Substring(0, start) + token.Code.Trim() + suggestion.Substring(end);
                placeholders++;
            }

            Report(DiagnosticDescriptors.InterpolationInJavaScript, scalar.Span, context.Path, tokens[0].GetText(value), suggestion);
        }

        if (code.Length > JavaScriptExpression.MaxLength)
        {
            Report(DiagnosticDescriptors.ExpressionTooLong, scalar.Span, code.Length, JavaScriptExpression.MaxLength);
            return interpolated;
        }

        var search = 0;
        var span = LocateInScalar(scalar, value, ref search, out var exact);
        AddJavaScriptReference(ReferenceKind.RawJavaScript, value, code, span, exact && !interpolated ? span.Start.Offset : null, context, placeholders);
        return interpolated;
    }

    private bool AnalyzeVariableName(ScalarNode scalar, in ValueContext context, bool isTarget)
    {
        var value = scalar.Value.Trim();
        if (Interpolation.Contains(value))
        {
            var inner = Interpolation.Scan(value)[0].Code.Trim();
            Report(DiagnosticDescriptors.InvalidVariableName, scalar.Span, value, $"; '{context.Path}' takes the name itself: write '{inner}'");
            return true;
        }

        if (!VariablePath.TryParse(value, out var path))
        {
            if (value.Length > 0)
            {
                Report(DiagnosticDescriptors.InvalidVariableName, scalar.Span, value, string.Empty);
            }

            return false;
        }

        if (isTarget)
        {
            BindVariableTarget(scalar, path, context, "unset");
            return false;
        }

        AddPathReference(ReferenceKind.VariableName, value, value, scalar.Span, path, context);
        return false;
    }

    /// <summary>A name a step changes (unset): it must be in vars, not a read-only scope.</summary>
    private void BindVariableTarget(ScalarNode scalar, VariablePath path, in ValueContext context, string verb)
    {
        var scope = KnownNames.ScopeOf(path.Root);
        if (scope is VariableScope.Call or VariableScope.Envs or VariableScope.Params)
        {
            Report(DiagnosticDescriptors.ReadOnlyVariable, scalar.Span, path.Text, verb, path.Root);
            return;
        }

        var name = scope == VariableScope.Vars ? (path.Segments.Count > 1 ? path.Segments[1] : null) : path.Root;
        if (name is not null)
        {
            context.Step.UnsetVariables.Add(name);
        }
    }

    private void AddPathReference(ReferenceKind kind, string text, string code, SourceSpan span, VariablePath path, in ValueContext context)
    {
        var reference = NewReference(kind, text, code, span, path, context);
        var member = path.Segments.Count > 1 && !path.Segments[1].StartsWith("[", StringComparison.Ordinal) ? path.Segments[1] : null;
        switch (KnownNames.ScopeOf(path.Root))
        {
            case VariableScope.Call:
                CheckCallField(member, span);
                reference.Variables.Add(new ReferencedVariable(VariableScope.Call, member, span));
                break;
            case { } scope:
                reference.Variables.Add(new ReferencedVariable(scope, member, span));
                break;
            default:
                reference.Variables.Add(new ReferencedVariable(VariableScope.Vars, path.Root, span));
                break;
        }
    }

    private void AddJavaScriptReference(ReferenceKind kind, string text, string code, SourceSpan span, int? codeOffset, in ValueContext context, int placeholders)
    {
        var expression = JavaScriptExpression.Parse(code);
        if (expression.SyntaxError is { } error)
        {
            Report(DiagnosticDescriptors.JavaScriptSyntaxError, span, Shorten(code), error);
            return;
        }

        if (expression.DisallowedConstruct is { } construct)
        {
            Report(DiagnosticDescriptors.JavaScriptConstructNotAllowed, span, construct);
        }

        var reference = NewReference(kind, text, code, span, path: null, context);
        foreach (var root in expression.Roots)
        {
            if (placeholders > 0 && root.Name.StartsWith("__swml", StringComparison.Ordinal))
            {
                continue;
            }

            var nameSpan = codeOffset is { } offset ? _lines.GetSpan(offset + root.Start, offset + root.Start + root.Length) : span;
            switch (KnownNames.ScopeOf(root.Name))
            {
                case VariableScope.Call:
                    CheckCallField(root.Member, nameSpan);
                    reference.Variables.Add(new ReferencedVariable(VariableScope.Call, root.Member, nameSpan));
                    break;
                case { } scope:
                    reference.Variables.Add(new ReferencedVariable(scope, root.Member, nameSpan));
                    break;
                default:
                    if (!KnownNames.JavaScriptGlobals.Contains(root.Name))
                    {
                        // A bare name is looked up in vars, then envs, then call (the flow analysis decides).
                        reference.Variables.Add(new ReferencedVariable(VariableScope.Vars, root.Name, nameSpan));
                    }

                    break;
            }
        }
    }

    private VariableReference NewReference(ReferenceKind kind, string text, string code, SourceSpan span, VariablePath? path, in ValueContext context)
    {
        var reference = new VariableReference(kind, text, code, span, path, context.Step)
        {
            LocallyDefined = _locallyDefined is null ? null : new HashSet<string>(_locallyDefined, StringComparer.Ordinal),
            IsEvaluatedAfterStep = context.AfterStep,
        };
        context.Step.References.Add(reference);
        _references.Add(reference);
        return reference;
    }

    private void CheckCallField(string? field, SourceSpan span)
    {
        if (field is not null && !KnownNames.CallFields.Contains(field))
        {
            Report(DiagnosticDescriptors.UnknownCallField, span, field, Suggestions.DidYouMean(field, KnownNames.CallFields));
        }
    }

    /// <summary>
    /// Finds text of a scalar's value in the source, searching from <paramref name="search"/>.
    /// Plain and quoted scalars without escapes hold their text verbatim; when the text is not
    /// found (escapes, folding), the whole scalar is the location.
    /// </summary>
    private SourceSpan LocateInScalar(ScalarNode scalar, string text, ref int search, out bool exact)
    {
        var start = scalar.Span.Start.Offset;
        var length = Math.Min(scalar.Span.Length, _lines.Text.Length - start);
        var index = length > 0 && search < length ? _lines.Text.IndexOf(text, start + search, length - search, StringComparison.Ordinal) : -1;
        if (index < 0 || text.Length == 0)
        {
            exact = false;
            return scalar.Span;
        }

        exact = true;
        search = index - start + text.Length;
        return _lines.GetSpan(index, index + text.Length);
    }

    private static string Shorten(string code) => code.Length <= 60 ? code : code.Substring(0, 57) + "...";
}
