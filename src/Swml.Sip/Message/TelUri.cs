using System.Text;

namespace Swml.Sip.Message;

/// <summary>
/// A tel URI (RFC 3966 §3): <c>tel:+1-201-555-0123;ext=1234</c> (global number) or
/// <c>tel:7042;phone-context=example.com</c> (local number, which must carry a phone-context).
/// The number and parameters are kept as written.
/// </summary>
public sealed class TelUri : AddressUri
{
    private TelUri(string number, SipParameters parameters)
    {
        Number = number;
        Parameters = parameters;
    }

    /// <inheritdoc/>
    public override string Scheme => "tel";

    /// <summary>The number as written, visual separators included (<c>+1-201-555-0123</c>).</summary>
    public string Number { get; }

    /// <summary>True for a global number (starting with <c>+</c>).</summary>
    public bool IsGlobal => Number.StartsWith('+');

    /// <summary>The parameters (<c>ext</c>, <c>isub</c>, <c>phone-context</c> and others), values as written.</summary>
    public SipParameters Parameters { get; }

    /// <summary>The <c>phone-context</c> parameter: required for local numbers.</summary>
    public string? PhoneContext => Parameters["phone-context"];

    /// <summary>The <c>ext</c> parameter, or null.</summary>
    public string? Extension => Parameters["ext"];

    /// <summary>The digits alone (and <c>+</c>, <c>*</c>, <c>#</c>), without visual separators (RFC 3966 §5.1.1).</summary>
    public string Digits
    {
        get
        {
            var builder = new StringBuilder(Number.Length);
            foreach (var c in Number)
            {
                if (c is not ('-' or '.' or '(' or ')'))
                {
                    builder.Append(c);
                }
            }

            return builder.ToString();
        }
    }

    /// <summary>Parses a whole tel URI.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out TelUri? uri) => TryParse(text, materialize: true, out uri);

    /// <summary>Parses a whole tel URI; without <paramref name="materialize"/> it only checks, and <paramref name="uri"/> is null.</summary>
    internal static bool TryParse(ReadOnlySpan<char> text, bool materialize, out TelUri? uri)
    {
        uri = null;
        if (!text.StartsWith("tel:", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var i = 4;
        var start = i;
        var global = i < text.Length && text[i] == '+';
        if (global)
        {
            i++;
        }

        var significant = 0;
        while (i < text.Length && text[i] != ';')
        {
            var c = text[i];
            if (c is '-' or '.' or '(' or ')')
            {
                // visual-separator
            }
            else if (global ? SipChars.IsDigit(c) : SipChars.IsHex(c) || c is '*' or '#')
            {
                significant++;
            }
            else
            {
                return false;
            }

            i++;
        }

        if (significant == 0)
        {
            return false;
        }

        var number = text[start..i];
        var list = default(ArrayBuilder<SipParameter>);
        var phoneContext = 0; // of the first phone-context: 1 with a value, -1 without, 0 none yet
        while (i < text.Length)
        {
            // par = ";" pname [ "=" pvalue ]; pname = 1*( alphanum / "-" )
            i++;
            var nameStart = i;
            while (i < text.Length && (SipChars.IsAlphanum(text[i]) || text[i] == '-'))
            {
                i++;
            }

            if (i == nameStart)
            {
                return false;
            }

            var name = text[nameStart..i];
            var valueStart = -1;
            if (i < text.Length && text[i] == '=')
            {
                valueStart = ++i;
                while (i < text.Length && text[i] != ';' && (SipChars.IsUric(text[i]) || text[i] == '%'))
                {
                    i++;
                }

                var raw = text[valueStart..i];
                if (raw.IsEmpty || !SipEscaping.IsValid(raw))
                {
                    return false;
                }
            }

            if (i < text.Length && text[i] != ';')
            {
                return false;
            }

            // The first phone-context decides, as the parameters' indexer would.
            if (phoneContext == 0 && name.Equals("phone-context", StringComparison.OrdinalIgnoreCase))
            {
                phoneContext = valueStart < 0 ? -1 : 1;
            }

            if (materialize)
            {
                list.Add(new SipParameter(name.ToString(), valueStart < 0 ? null : text[valueStart..i].ToString()));
            }
        }

        if (!global && phoneContext != 1)
        {
            return false;
        }

        uri = materialize ? new TelUri(number.ToString(), SipParameters.Of(list.ToImmutable())) : null;
        return true;
    }

    /// <summary>Parses a whole tel URI, or throws <see cref="FormatException"/>.</summary>
    public static new TelUri Parse(string text) =>
        TryParse(text, out var uri) ? uri! : throw new FormatException($"'{text}' is not a valid tel URI.");

    /// <inheritdoc/>
    public override string ToString() => "tel:" + Number + Parameters;
}
