using Acornima;
using Acornima.Ast;

namespace Swml.Runtime.Expressions;

/// <summary>
/// Decides, from its syntax alone, whether JavaScript may change anything that outlives its
/// evaluation: the bound variables, globals or built-ins. Conservative: whatever it cannot rule
/// out counts as a change, since a missed one would let a value leak into later expressions.
/// </summary>
internal static class MutationCheck
{
    // Members through which code can change an object without an assignment: mutating methods of
    // arrays, typed arrays, maps and sets; Object's writers; and the ways to call a method picked
    // at run time (call/apply/bind, eval, Function via constructor, property descriptors).
    private static readonly HashSet<string> MutatingMembers = new(StringComparer.Ordinal)
    {
        "push", "pop", "shift", "unshift", "splice", "sort", "reverse", "fill", "copyWithin",
        "set", "add", "delete", "clear",
        "assign", "defineProperty", "defineProperties", "setPrototypeOf", "freeze", "seal", "preventExtensions",
        "__proto__", "__defineGetter__", "__defineSetter__", "getOwnPropertyDescriptor", "getOwnPropertyDescriptors", "compile",
        "call", "apply", "bind", "constructor",
        "eval", "Function", "Reflect", "Atomics", "Proxy",
    };

    // Globals that run code or write properties by name. (A bare "call" is SWML's scope, not Function's call.)
    private static readonly HashSet<string> MutatingGlobals = new(StringComparer.Ordinal)
    {
        "eval", "Function", "Reflect", "Atomics", "Proxy",
    };

    /// <summary>Whether evaluating the tree may change state that later evaluations would see.</summary>
    public static bool MayMutate(Node root)
    {
        // A loop rather than recursion: code pasted together at run time may nest deeply.
        var pending = new Stack<Node>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case AssignmentExpression or UpdateExpression or UnaryExpression { Operator: Operator.Delete }:
                    return true;

                // Declarations and with can make or reach globals; nested ones are rare enough to count too.
                case Declaration or WithStatement or ImportExpression:
                    return true;

                // for (vars.a in o) and for (x of list) assign to their left side on every turn.
                case ForInStatement { Left: not VariableDeclaration } or ForOfStatement { Left: not VariableDeclaration }:
                    return true;

                case Identifier identifier when MutatingGlobals.Contains(identifier.Name):
                    return true;

                // obj.push, obj['push']; and obj[name], which may be any method once name is known only at run time.
                case MemberExpression member:
                    if (IsMutatingKey(member.Property, member.Computed))
                    {
                        return true;
                    }

                    pending.Push(member.Object);
                    break;

                // {push: p} = Array.prototype takes a method out by name, as obj.push does.
                case Property property:
                    if (IsMutatingKey(property.Key, property.Computed))
                    {
                        return true;
                    }

                    pending.Push(property.Value);
                    break;
                case ClassProperty { Computed: true, Key: not Literal }:
                    return true;

                case var node:
                    foreach (var child in node.ChildNodes)
                    {
                        pending.Push(child);
                    }

                    break;
            }
        }

        return false;
    }

    private static bool IsMutatingKey(Node key, bool computed) => key switch
    {
        Identifier name when !computed => MutatingMembers.Contains(name.Name),
        StringLiteral text => MutatingMembers.Contains(text.Value),
        Literal => false,
        PrivateIdentifier => false,
        _ => computed,
    };
}
