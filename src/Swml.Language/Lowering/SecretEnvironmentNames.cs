using System.Text.RegularExpressions;
using Swml.Language.Catalog;
using Swml.Language.Expressions;

namespace Swml.Language.Lowering;

/// <summary>
/// The environment variables a flow uses as secrets: read by a parameter the catalog marks secret
/// (<c>password: ${envs.SIP_PASSWORD}</c>) or inside the <c>user:password@</c> part of a URL. SWML0501
/// and SWML0502 send passwords to the environment, so the runtime must not send those values on
/// with the rest of <c>envs</c> (the body of an execute or transfer URL).
/// </summary>
public static class SecretEnvironmentNames
{
    private static readonly Regex ScriptReference = new(
        @"\b" + KnownNames.EnvsScope + @"\s*(?:\.\s*([A-Za-z_$][\w$]*)|\[\s*['""]([^'""]+)['""]\s*\])",
        RegexOptions.CultureInvariant);

    /// <summary>The names, sorted, each once.</summary>
    public static ValueList<string> Of(IEnumerable<LoweredStep> steps)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var step in steps)
        {
            switch (step)
            {
                case ActionStep action:
                    Visit(action.Arguments, MethodCatalog.Find(action.Method)?.Arguments, isSecret: false, names);
                    break;
                case ExecuteStep execute:
                    AddUserInfo(execute.Destination, names);
                    break;
                case TransferStep transfer:
                    AddUserInfo(transfer.Destination, names);
                    break;
            }
        }

        return names.ToValueList();
    }

    private static void Visit(LoweredValue value, ValueShape? shape, bool isSecret, ISet<string> names)
    {
        switch (value)
        {
            case TextValue text when isSecret:
                AddAll(text.Template.Parts, names);
                break;
            case TextValue text:
                AddUserInfo(text.Template, names);
                break;
            case ObjectValue mapping:
                foreach (var property in mapping.Properties)
                {
                    var parameter = Property(shape, property.Name);
                    Visit(property.Value, parameter?.Shape, parameter?.IsSecret == true, names);
                }

                break;
            case ArrayValue list:
                foreach (var item in list.Items)
                {
                    Visit(item, Items(shape), isSecret, names);
                }

                break;
            case Coalesce coalesce:
                Visit(coalesce.Value, shape, isSecret, names);
                Visit(coalesce.Otherwise, shape, isSecret, names);
                break;
        }
    }

    private static ParameterDefinition? Property(ValueShape? shape, string name) => shape switch
    {
        ObjectShape mapping => mapping.Find(name),
        UnionShape union => union.Alternatives.Select(a => Property(a, name)).FirstOrDefault(p => p is not null),
        _ => null,
    };

    private static ValueShape? Items(ValueShape? shape) => shape switch
    {
        ArrayShape list => list.Items,
        UnionShape union => union.Alternatives.OfType<ArrayShape>().FirstOrDefault()?.Items,
        _ => null,
    };

    /// <summary>The <c>${...}</c> parts before the '@' of a URL's authority (scheme://user:pass@host).</summary>
    private static void AddUserInfo(Template template, ISet<string> names)
    {
        var parts = template.Parts;
        var scheme = -1;
        for (var i = 0; i < parts.Count && scheme < 0; i++)
        {
            if (parts[i].Kind == TemplatePartKind.Literal && parts[i].Text.Contains("://"))
            {
                scheme = i;
            }
        }

        if (scheme < 0)
        {
            return;
        }

        // The authority ends at the first '/', '?' or '#' after "://"; its last '@' ends the user info.
        var userInfo = new List<TemplatePart>();
        var pending = new List<TemplatePart>();
        for (var i = scheme; i < parts.Count; i++)
        {
            var part = parts[i];
            if (part.Kind != TemplatePartKind.Literal)
            {
                pending.Add(part);
                continue;
            }

            var text = i == scheme ? part.Text.Substring(part.Text.IndexOf("://", StringComparison.Ordinal) + 3) : part.Text;
            var end = text.IndexOfAny(new[] { '/', '?', '#' });
            var authority = end < 0 ? text : text.Substring(0, end);
            if (authority.Contains('@'))
            {
                userInfo.AddRange(pending);
                pending.Clear();
            }

            if (end >= 0)
            {
                break;
            }
        }

        AddAll(userInfo, names);
    }

    private static void AddAll(IEnumerable<TemplatePart> parts, ISet<string> names)
    {
        foreach (var part in parts)
        {
            switch (part.Kind)
            {
                case TemplatePartKind.Path:
                    // envs.NAME, or a bare NAME, which reads vars first and then envs.
                    var path = part.Text.Trim();
                    var prefix = KnownNames.EnvsScope + ".";
                    var rest = path.StartsWith(prefix, StringComparison.Ordinal) ? path.Substring(prefix.Length) : path;
                    var name = rest.Split('.', '[')[0].Trim();
                    if (name.Length > 0 && !KnownNames.IsScope(name))
                    {
                        names.Add(name);
                    }

                    break;
                case TemplatePartKind.Script:
                    foreach (Match match in ScriptReference.Matches(part.Text))
                    {
                        names.Add(match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value);
                    }

                    break;
            }
        }
    }
}
