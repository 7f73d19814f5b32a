namespace Swml.Language.Diagnostics;

/// <summary>
/// Every diagnostic Swml.Language reports. The IDs are a public contract (docs/diagnostics.md
/// documents each with an example): never renumber one, only add. Message arguments named
/// "suggestion" are either empty or a complete clause such as "; did you mean 'sip_refer'?".
/// </summary>
public static class DiagnosticDescriptors
{
    private const DiagnosticSeverity Error = DiagnosticSeverity.Error;
    private const DiagnosticSeverity Warning = DiagnosticSeverity.Warning;
    private const DiagnosticSeverity Info = DiagnosticSeverity.Info;

    // SWML01xx: document and syntax

    public static readonly DiagnosticDescriptor SyntaxError = new(
        "SWML0101", "Invalid YAML or JSON", "{0}", Error);

    public static readonly DiagnosticDescriptor DuplicateKey = new(
        "SWML0102", "Duplicate key", "duplicate key '{0}'; it is already defined at line {1}", Error);

    public static readonly DiagnosticDescriptor MultipleDocuments = new(
        "SWML0103", "More than one document",
        "a SWML file holds exactly one document; this is the start of a second one", Error);

    public static readonly DiagnosticDescriptor TabIndentation = new(
        "SWML0104", "Tab used as indentation",
        "tab character used for indentation; YAML indentation must be spaces", Error);

    public static readonly DiagnosticDescriptor RootNotMapping = new(
        "SWML0105", "Root is not a mapping",
        "the document root must be a mapping with 'version' and 'sections', not {0}", Error);

    public static readonly DiagnosticDescriptor NestingTooDeep = new(
        "SWML0106", "Nesting too deep", "the document nests deeper than {0} levels", Error);

    public static readonly DiagnosticDescriptor DocumentTooLarge = new(
        "SWML0107", "Document too large", "the document is too large: {0}", Error);

    public static readonly DiagnosticDescriptor UnknownAlias = new(
        "SWML0108", "Unknown alias", "alias '*{0}' refers to no anchor defined before it", Error);

    public static readonly DiagnosticDescriptor InvalidKey = new(
        "SWML0109", "Invalid key", "a mapping key must be a string; found {0}", Error);

    public static readonly DiagnosticDescriptor UnknownTopLevelKey = new(
        "SWML0110", "Unknown top-level key",
        "unknown top-level key '{0}'; a document has only 'version' and 'sections'{1}", Error);

    public static readonly DiagnosticDescriptor UnsupportedVersion = new(
        "SWML0111", "Unsupported version", "unsupported version {0}; the only SWML version is \"1.0.0\"", Error);

    public static readonly DiagnosticDescriptor MissingSections = new(
        "SWML0112", "Missing sections", "the document has no 'sections'; add 'sections:' with a 'main' section", Error);

    public static readonly DiagnosticDescriptor MissingMainSection = new(
        "SWML0113", "Missing main section", "'sections' has no 'main' section, where every call starts{0}", Error);

    public static readonly DiagnosticDescriptor InvalidSection = new(
        "SWML0114", "Section is not a list of steps", "section '{0}' must be a list of steps, not {1}", Error);

    public static readonly DiagnosticDescriptor InvalidStep = new(
        "SWML0115", "Invalid step", "a step must be a mapping with exactly one method name as its key; {0}", Error);

    public static readonly DiagnosticDescriptor EmptyDocument = new(
        "SWML0116", "Empty document", "the file holds no SWML document", Error);

    public static readonly DiagnosticDescriptor InvalidMergeKey = new(
        "SWML0117", "Invalid merge key", "a merge key '<<' must refer to a mapping or a list of mappings, not {0}", Error);

    public static readonly DiagnosticDescriptor InvalidSectionName = new(
        "SWML0118", "Invalid section name",
        "section name '{0}' is not usable: a name must not be empty, hold white space or ${{...}}, or start like a URL or inline JSON, since execute and transfer would read it as one", Error);

    public static readonly DiagnosticDescriptor InternalError = new(
        "SWML0199", "Internal error",
        "SipRefer could not finish analysing this document ({0}); please report this with the document", Error);

    // SWML02xx: methods and parameters

    public static readonly DiagnosticDescriptor UnknownMethod = new(
        "SWML0201", "Unknown method", "unknown method '{0}'{1}", Error);

    public static readonly DiagnosticDescriptor MessagingOnlyMethod = new(
        "SWML0202", "Messaging-only method",
        "'{0}' is a messaging SWML method and cannot be used in a calling document", Error);

    public static readonly DiagnosticDescriptor UnknownParameter = new(
        "SWML0203", "Unknown parameter", "'{1}' has no parameter '{0}'{2}", Error);

    public static readonly DiagnosticDescriptor MissingParameter = new(
        "SWML0204", "Missing required parameter", "'{0}' requires '{1}'", Error);

    public static readonly DiagnosticDescriptor WrongType = new(
        "SWML0205", "Wrong value type", "'{0}' must be {1}, not {2}", Error);

    public static readonly DiagnosticDescriptor InvalidEnumValue = new(
        "SWML0206", "Value not allowed", "'{0}' must be one of {1}; found '{2}'{3}", Error);

    public static readonly DiagnosticDescriptor OutOfRange = new(
        "SWML0207", "Number out of range", "'{0}' must be {1}; found {2}", Error);

    public static readonly DiagnosticDescriptor InvalidUrl = new(
        "SWML0208", "Invalid URL", "'{0}' must be an absolute http:// or https:// URL; found '{1}'", Error);

    public static readonly DiagnosticDescriptor InvalidSipUri = new(
        "SWML0209", "Invalid SIP URI", "'{0}' must be a sip:, sips: or tel: URI; {1}", Error);

    public static readonly DiagnosticDescriptor InvalidPlayUrl = new(
        "SWML0210", "Invalid play URL",
        "'{0}' is not something play can play: '{1}'; use http(s)://..., say:<text>, silence:<seconds> or ring:[<seconds>:]<country>", Error);

    public static readonly DiagnosticDescriptor ConflictingParameters = new(
        "SWML0211", "Conflicting parameters", "'{0}' takes {1}; found {2}", Error);

    public static readonly DiagnosticDescriptor EmptyValue = new(
        "SWML0212", "Empty value", "'{0}' must not be empty", Error);

    public static readonly DiagnosticDescriptor InvalidFormat = new(
        "SWML0213", "Invalid value format", "'{0}' must be {1}; found '{2}'", Error);

    public static readonly DiagnosticDescriptor MethodNotAllowedHere = new(
        "SWML0214", "Method not allowed here", "'{0}' cannot be used in '{1}', which allows only {2}", Error);

    // SWML03xx: variables and expressions

    public static readonly DiagnosticDescriptor UnknownVariable = new(
        "SWML0301", "Unknown variable",
        "unknown variable '{0}': no step in this document sets it{1}", Error);

    public static readonly DiagnosticDescriptor VariableNotYetSet = new(
        "SWML0302", "Variable not set yet",
        "'{0}' is not set on any path that reaches this step, so it expands to an empty string", Warning);

    public static readonly DiagnosticDescriptor JavaScriptSyntaxError = new(
        "SWML0303", "JavaScript syntax error", "JavaScript syntax error in '{0}': {1}", Error);

    public static readonly DiagnosticDescriptor UnknownJavaScriptName = new(
        "SWML0304", "Unknown name in expression",
        "unknown name '{0}' in JavaScript expression: it is not a variable of this document nor a JavaScript global{1}", Error);

    public static readonly DiagnosticDescriptor UnterminatedExpression = new(
        "SWML0305", "Unterminated expression", "'{0}' is not closed: add '}}'", Error);

    public static readonly DiagnosticDescriptor EmptyExpression = new(
        "SWML0306", "Empty expression", "'{0}' is empty: put a variable name or expression inside", Error);

    public static readonly DiagnosticDescriptor UnknownCallField = new(
        "SWML0307", "Unknown call field", "'call' has no field '{0}'{1}", Error);

    public static readonly DiagnosticDescriptor ReadOnlyVariable = new(
        "SWML0308", "Read-only variable", "'{0}' cannot be {1}: '{2}' variables are read-only", Error);

    public static readonly DiagnosticDescriptor ExpressionTooLong = new(
        "SWML0309", "Expression too long", "expression is {0} characters long; SWML allows at most {1}", Error);

    public static readonly DiagnosticDescriptor JavaScriptConstructNotAllowed = new(
        "SWML0310", "JavaScript construct not allowed",
        "{0} are not allowed in SWML expressions, which must be single expressions", Error);

    public static readonly DiagnosticDescriptor InterpolationInJavaScript = new(
        "SWML0311", "Interpolation inside a JavaScript field",
        "'{0}' is already JavaScript, so '{1}' inside it is pasted in as text before evaluation; write the expression itself: {2}", Warning);

    public static readonly DiagnosticDescriptor InvalidVariableName = new(
        "SWML0312", "Invalid variable name", "'{0}' is not a variable name{1}", Error);

    // SWML04xx: labels, sections and control flow

    public static readonly DiagnosticDescriptor UnknownLabel = new(
        "SWML0401", "Unknown label", "section '{1}' has no label '{0}'{2}", Error);

    public static readonly DiagnosticDescriptor DuplicateLabel = new(
        "SWML0402", "Duplicate label", "label '{0}' is already defined in section '{1}' at line {2}", Error);

    public static readonly DiagnosticDescriptor UnknownSection = new(
        "SWML0403", "Unknown section", "no section named '{0}'{1}", Error);

    public static readonly DiagnosticDescriptor UnreachableStep = new(
        "SWML0404", "Unreachable step", "this step is never reached: the '{0}' at line {1} always leaves the section", Warning);

    public static readonly DiagnosticDescriptor InvalidCondEntry = new(
        "SWML0405", "Invalid cond entry", "{0}", Error);

    public static readonly DiagnosticDescriptor UnusedSection = new(
        "SWML0406", "Section never used", "section '{0}' is never executed or transferred to", Info);

    public static readonly DiagnosticDescriptor SwitchWithoutDefault = new(
        "SWML0407", "Switch without default",
        "switch on '{0}' has no 'default': a value that matches no case runs nothing and sets script_error to relay_script_method_no_matching_condition", Info);

    // SWML05xx: runtime support and security

    public static readonly DiagnosticDescriptor LiteralPassword = new(
        "SWML0501", "Literal password",
        "'{0}' is a literal password in the document; read it from the environment instead, e.g. '${{envs.{1}}}'", Warning);

    public static readonly DiagnosticDescriptor CredentialsInUrl = new(
        "SWML0502", "Password in URL",
        "'{0}' carries a literal password in its user:password@ part; take it from the environment, e.g. 'https://user:${{envs.{1}}}@...'", Warning);

    public static readonly DiagnosticDescriptor UnsupportedMethod = new(
        "SWML0503", "Method not run by SipRefer",
        "'{0}' is valid SWML, but the SipRefer runtime does not run it: the step will fail and set script_error", Warning);

    public static readonly DiagnosticDescriptor UnsupportedDestination = new(
        "SWML0504", "Destination not supported", "'{0}' destinations are not supported: {1}", Error);

    public static readonly DiagnosticDescriptor InvalidInlineDocument = new(
        "SWML0505", "Invalid inline SWML", "the inline SWML in '{0}' is not valid: {1}", Error);

    // SWML06xx: the flow classes the source generator makes of a project's files

    public static readonly DiagnosticDescriptor FlowClassNameTaken = new(
        "SWML0601", "Flow class name taken",
        "'{0}' is already {1}: set SwmlClassName or SwmlNamespace on one of the files to give this flow a name of its own (it is compiled as '{2}' meanwhile)", Error);

    public static readonly DiagnosticDescriptor FlowClassRenamed = new(
        "SWML0602", "Flow class renamed",
        "a flow class cannot be named '{0}', a member every flow class has, so this flow's class is '{1}': set SwmlClassName to name it", Info);

    /// <summary>All descriptors, in ID order.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> All { get; } =
        typeof(DiagnosticDescriptors)
            .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .OrderBy(d => d.Id, StringComparer.Ordinal)
            .ToArray();
}
