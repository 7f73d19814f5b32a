using Acornima;
using Acornima.Ast;

namespace Swml.Language.Expressions;

/// <summary>
/// A JavaScript expression from a SWML document, parsed with Acornima to find syntax errors,
/// constructs SWML does not allow, and the free names it reads (its "roots", such as <c>call</c>
/// in <c>call.from.substring(0, 3)</c>), which the binder then resolves.
/// </summary>
public sealed class JavaScriptExpression
{
    /// <summary>Longest expression SignalWire evaluates.</summary>
    public const int MaxLength = 1024;

    private static readonly ParserOptions Options = new() { EcmaVersion = EcmaVersion.ES2023 };

    private JavaScriptExpression(string code, IReadOnlyList<JavaScriptName> roots, string? syntaxError, int errorIndex, string? disallowed)
    {
        Code = code;
        Roots = roots;
        SyntaxError = syntaxError;
        ErrorIndex = errorIndex;
        DisallowedConstruct = disallowed;
    }

    public string Code { get; }

    /// <summary>Free names the expression reads, in order of first appearance.</summary>
    public IReadOnlyList<JavaScriptName> Roots { get; }

    /// <summary>The parser's message when the code is not one valid expression.</summary>
    public string? SyntaxError { get; }

    /// <summary>Index in <see cref="Code"/> where the syntax error was found.</summary>
    public int ErrorIndex { get; }

    /// <summary>A plural noun for the first construct SWML does not allow ("function definitions"), or null.</summary>
    public string? DisallowedConstruct { get; }

    public static JavaScriptExpression Parse(string code)
    {
        Expression expression;
        try
        {
            expression = new Parser(Options).ParseExpression(code);
        }
        catch (ParseErrorException ex)
        {
            var description = ex.Error?.Description ?? ex.Message;
            return new JavaScriptExpression(code, Array.Empty<JavaScriptName>(), LowerFirst(description), ex.Error?.Index ?? 0, null);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Acornima guards its own recursion, but nothing it throws may escape to the caller.
            return new JavaScriptExpression(code, Array.Empty<JavaScriptName>(), "the expression could not be parsed: " + ex.Message, 0, null);
        }

        var walker = new FreeNameWalker();
        walker.Walk(expression);
        return new JavaScriptExpression(code, walker.Roots, null, 0, walker.Disallowed);
    }

    private static string LowerFirst(string text) =>
        text.Length == 0 ? text : char.ToLowerInvariant(text[0]) + text.Substring(1);

    /// <summary>Walks the tree without recursion limits mattering: depth is bounded by the 1024-character limit.</summary>
    private sealed class FreeNameWalker
    {
        private readonly List<HashSet<string>> _scopes = new();
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

        public List<JavaScriptName> Roots { get; } = new();

        public string? Disallowed { get; private set; }

        public void Walk(Node node)
        {
            switch (node)
            {
                case Identifier identifier:
                    Reference(identifier);
                    return;
                case MemberExpression { Computed: false, Object: Identifier scopeName, Property: Identifier field } member
                    when KnownNames.IsScope(scopeName.Name) && !IsLocal(scopeName.Name):
                    // call.from, vars.x: keep the member, so a misspelt call field can be reported.
                    Add(new JavaScriptName(scopeName.Name, scopeName.Start, member.End - scopeName.Start, field.Name));
                    return;
                case MemberExpression member:
                    Walk(member.Object);
                    if (member.Computed)
                    {
                        Walk(member.Property);
                    }

                    return;
                case Property property:
                    if (property.Computed)
                    {
                        Walk(property.Key);
                    }

                    Walk(property.Value);
                    return;
                case ArrowFunctionExpression arrow:
                    if (arrow.Async)
                    {
                        Disallow("async functions");
                    }

                    if (arrow.Body is FunctionBody)
                    {
                        Disallow("function bodies with statements");
                    }

                    var scope = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var parameter in arrow.Params)
                    {
                        Declare(parameter, scope);
                    }

                    _scopes.Add(scope);
                    foreach (var parameter in arrow.Params)
                    {
                        WalkDefaults(parameter);
                    }

                    Walk(arrow.Body);
                    _scopes.RemoveAt(_scopes.Count - 1);
                    return;
                case FunctionExpression:
                    Disallow("function definitions");
                    return;
                case ClassExpression:
                    Disallow("class definitions");
                    return;
                case AwaitExpression or YieldExpression:
                    Disallow("await and yield");
                    return;
            }

            foreach (var child in node.ChildNodes)
            {
                Walk(child);
            }
        }

        private void Reference(Identifier identifier)
        {
            if (!IsLocal(identifier.Name))
            {
                Add(new JavaScriptName(identifier.Name, identifier.Start, identifier.End - identifier.Start, null));
            }
        }

        private bool IsLocal(string name) => _scopes.Any(scope => scope.Contains(name));

        private void Add(JavaScriptName name)
        {
            if (_seen.Add(name.Member is null ? name.Name : name.Name + "." + name.Member))
            {
                Roots.Add(name);
            }
        }

        private void Declare(Node pattern, HashSet<string> scope)
        {
            switch (pattern)
            {
                case Identifier id:
                    scope.Add(id.Name);
                    break;
                case AssignmentPattern assignment:
                    Declare(assignment.Left, scope);
                    break;
                case RestElement rest:
                    Declare(rest.Argument, scope);
                    break;
                case ArrayPattern array:
                    foreach (var element in array.Elements)
                    {
                        if (element is not null)
                        {
                            Declare(element, scope);
                        }
                    }

                    break;
                case ObjectPattern obj:
                    foreach (var property in obj.Properties)
                    {
                        Declare(property is Property p ? p.Value : property, scope);
                    }

                    break;
            }
        }

        private void WalkDefaults(Node pattern)
        {
            if (pattern is AssignmentPattern assignment)
            {
                Walk(assignment.Right);
            }
        }

        private void Disallow(string what) => Disallowed ??= what;
    }
}

/// <summary>
/// A free name read by a JavaScript expression, with its place in the code. For a scope read
/// with a fixed member (<c>call.from</c>) the member is kept too.
/// </summary>
public readonly record struct JavaScriptName(string Name, int Start, int Length, string? Member);
