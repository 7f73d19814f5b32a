namespace Swml.Sip.Message;

/// <summary>Method names (RFC 3261 §7.1 and the RFCs that add methods). Methods are case-sensitive.</summary>
public static class SipMethods
{
#pragma warning disable CS1591 // The constants are the method names themselves.
    public const string Ack = "ACK";
    public const string Bye = "BYE";
    public const string Cancel = "CANCEL";
    public const string Info = "INFO";
    public const string Invite = "INVITE";
    public const string Message = "MESSAGE";
    public const string Notify = "NOTIFY";
    public const string Options = "OPTIONS";
    public const string Prack = "PRACK";
    public const string Publish = "PUBLISH";
    public const string Refer = "REFER";
    public const string Register = "REGISTER";
    public const string Subscribe = "SUBSCRIBE";
    public const string Update = "UPDATE";
#pragma warning restore CS1591

    private static readonly string[] Known = [Ack, Bye, Cancel, Info, Invite, Message, Notify, Options, Prack, Publish, Refer, Register, Subscribe, Update];

    /// <summary>The method as a string: the shared constant when it is one of these (case-sensitive), else a new string.</summary>
    internal static string Intern(ReadOnlySpan<char> method)
    {
        foreach (var known in Known)
        {
            if (method.SequenceEqual(known))
            {
                return known;
            }
        }

        return method.ToString();
    }
}
