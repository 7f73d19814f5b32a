using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Nodes;
using Swml.Language.Catalog;
using Swml.Language.Lowering;
using Swml.Runtime.Values;

namespace Swml.Runtime.Steps;

/// <summary>
/// How a typed argument class reads and writes its method's parameters: each property bound by
/// <see cref="SwmlParameterAttribute"/> to parameters of the catalog, its value converted by the
/// property's type, a parameter left out given its catalog default. The catalog is the one
/// description of names, types and defaults; the classes only say which property holds which.
/// </summary>
internal sealed class ArgumentBinding
{
    /// <summary>The typed classes, by the method they hold arguments for.</summary>
    private static readonly Dictionary<string, ArgumentBinding> ByMethod = new[]
    {
        Bind<AnswerArguments>("answer"),
        Bind<PlayArguments>("play"),
        Bind<SipReferArguments>("sip_refer"),
        Bind<RequestArguments>("request"),
        Bind<HangupArguments>("hangup"),
    }.ToDictionary(b => b.Method.Name, StringComparer.Ordinal);

    private static readonly ConcurrentDictionary<Type, ArgumentBinding> ByType = new(ByMethod.Values.ToDictionary(b => b.Type));

    private readonly Func<StepArguments> _create;

    private ArgumentBinding(Type type, MethodDefinition method, Func<StepArguments> create, IReadOnlyList<BoundProperty> properties)
    {
        Type = type;
        Method = method;
        _create = create;
        Properties = properties;
    }

    public Type Type { get; }

    public MethodDefinition Method { get; }

    public IReadOnlyList<BoundProperty> Properties { get; }

    /// <summary>Every typed argument class the runtime has.</summary>
    public static IEnumerable<ArgumentBinding> All => ByMethod.Values;

    public static ArgumentBinding? ForMethod(string method) => ByMethod.TryGetValue(method, out var binding) ? binding : null;

    public static ArgumentBinding For(Type type) => TryFor(type)
        ?? throw new InvalidOperationException($"{type.Name} is not a typed argument class the runtime knows; add it to ArgumentBinding.");

    public static ArgumentBinding? TryFor(Type type) => ByType.TryGetValue(type, out var binding) ? binding : null;

    /// <summary>A new instance (with its defaults) holding the parameters <paramref name="arguments"/> gives.</summary>
    public StepArguments Create(JsonNode? arguments)
    {
        var instance = _create();
        foreach (var property in Properties)
        {
            if (property.Parameters.Select(p => arguments?[p.Name]).FirstOrDefault(v => v is not null) is { } value)
            {
                property.Set(instance, value);
            }
        }

        return instance;
    }

    /// <summary>Gives each property its parameter's catalog default, as a new instance starts.</summary>
    public void ApplyDefaults(StepArguments arguments)
    {
        foreach (var property in Properties)
        {
            if (property.Default is { } value)
            {
                property.Set(arguments, value);
            }
        }
    }

    public JsonObject ToJson(StepArguments arguments)
    {
        var json = new JsonObject();
        foreach (var property in Properties)
        {
            if (property.Get(arguments) is { } value)
            {
                var parameter = property.Parameters[property.Parameters.Count - 1];
                json[parameter.Name] = SecretRedaction.Redact(parameter, value);
            }
        }

        return json;
    }

    private static ArgumentBinding Bind<T>(string name)
        where T : StepArguments, new()
    {
        var method = MethodCatalog.Find(name) ?? throw new InvalidOperationException($"{typeof(T).Name} names no method of the catalog.");
        var shape = method.Arguments as ObjectShape ?? throw new InvalidOperationException($"'{method.Name}' takes no mapping, so it has no parameters to bind.");
        var properties = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Property: p, Names: p.GetCustomAttributes<SwmlParameterAttribute>().Select(a => a.Name).ToArray()))
            .Where(p => p.Names.Length > 0)
            .Select(p => new BoundProperty(p.Property, p.Names.Select(n => shape.Find(n)
                ?? throw new InvalidOperationException($"{typeof(T).Name}.{p.Property.Name} is bound to '{n}', which '{method.Name}' does not have.")).ToArray()))
            .ToArray();
        return new ArgumentBinding(typeof(T), method, static () => new T(), properties);
    }

    /// <summary>A property and the parameters it holds, with the conversion its type calls for.</summary>
    internal sealed class BoundProperty
    {
        private readonly PropertyInfo _property;

        public BoundProperty(PropertyInfo property, IReadOnlyList<ParameterDefinition> parameters)
        {
            _property = property;
            Parameters = parameters;
            Default = parameters.Select(ParameterDefaults.LiteralOf).Select(DefaultJson).FirstOrDefault(v => v is not null);
        }

        public PropertyInfo Property => _property;

        public IReadOnlyList<ParameterDefinition> Parameters { get; }

        /// <summary>The catalog default, for arguments built without one (a variable that stands in for it needs a running flow).</summary>
        public JsonNode? Default { get; }

        public void Set(StepArguments target, JsonNode value)
        {
            var type = Nullable.GetUnderlyingType(_property.PropertyType) ?? _property.PropertyType;
            object? converted = type switch
            {
                _ when type == typeof(string) => SwmlValue.ToText(value),
                _ when type == typeof(bool) => Arg.Bool(value, (bool)_property.GetValue(target)!),
                _ when type == typeof(double) => Number(value) ?? _property.GetValue(target),
                _ when type == typeof(long) => Integer(value) ?? _property.GetValue(target),
                _ when type == typeof(IReadOnlyList<string>) => value is JsonArray list ? list.Select(SwmlValue.ToText).ToArray() : new[] { SwmlValue.ToText(value) },
                _ when type == typeof(JsonObject) => value is JsonObject obj ? obj.DeepClone() : null,
                _ when type == typeof(JsonNode) => value.DeepClone(),
                _ => throw new InvalidOperationException($"{_property.DeclaringType!.Name}.{_property.Name}: {type.Name} is not a type arguments bind to."),
            };
            _property.SetValue(target, converted);
        }

        /// <summary>A number in the parameter's range; null (the default stays) for anything else, as for goto's max.</summary>
        private double? Number(JsonNode value) =>
            SwmlValue.TryGetNumber(value, out var number) && !double.IsNaN(number) && InRange(number) ? number : null;

        /// <summary>An integer in the parameter's range, exact when the value is one (a double would round past 2^53).</summary>
        private long? Integer(JsonNode value) =>
            value is JsonValue scalar && scalar.TryGetValue<long>(out var exact) ? (InRange(exact) ? exact : null)
            : Number(value) is { } number ? (long)number
            : null;

        private bool InRange(double number) => Parameters[0].Shape switch
        {
            NumberShape range => (range.Minimum is null || number >= range.Minimum) && (range.Maximum is null || number <= range.Maximum),
            IntegerShape range => (range.Minimum is null || number >= range.Minimum) && (range.Maximum is null || number <= range.Maximum),
            _ => true,
        };

        public JsonNode? Get(StepArguments source) => _property.GetValue(source) switch
        {
            null => null,
            string text => JsonValue.Create(text),
            bool flag => JsonValue.Create(flag),
            double number => JsonValue.Create(number),
            long integer => JsonValue.Create(integer),
            IReadOnlyList<string> list => new JsonArray(list.Select(u => (JsonNode?)JsonValue.Create(u)).ToArray()),
            JsonNode node => node.DeepClone(),
            var other => JsonValue.Create(other.ToString()),
        };

        private static JsonNode? DefaultJson(LoweredValue? value) => value switch
        {
            null or NullValue => null,
            BoolValue flag => JsonValue.Create(flag.Value),
            IntegerValue integer => JsonValue.Create(integer.Value),
            NumberValue number => JsonValue.Create(number.Value),
            TextValue text => JsonValue.Create(text.Template.LiteralText),
            ArrayValue array => new JsonArray(array.Items.Select(DefaultJson).ToArray()),
            _ => null,
        };
    }
}
