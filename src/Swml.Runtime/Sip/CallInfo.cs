using System.Globalization;
using System.Text.Json.Nodes;
using Swml.Shared;
using Swml.Sip.Message;

namespace Swml.Runtime.Sip;

/// <summary>Who the runtime is, for the <c>call.*</c> fields and the callbacks: the node, and SignalWire's project and space ids.</summary>
public sealed record CallIdentity(string NodeId, string? ProjectId = null, string? SpaceId = null);

/// <summary>
/// The <c>call.*</c> fields of a SIP call, shaped as SignalWire gives them: call_id, node_id,
/// segment_id, project_id, space_id, call_state, direction, type "sip", from and to (the SIP URIs),
/// from_number and to_number (their users), headers as a list of {name, value}, and sip_data.
/// </summary>
public static class CallInfo
{
    // Headers that carry credentials never reach call.headers (flows may POST them to any URL).
    private static readonly HashSet<string> Hidden = new(StringComparer.OrdinalIgnoreCase) { "Authorization", "Proxy-Authorization" };

    /// <summary>The fields of a call we received, from its INVITE.</summary>
    public static JsonObject Inbound(SipRequest invite, CallIdentity identity) =>
        Build(invite, identity, "inbound", local: invite.To, remote: invite.From, requestUri: invite.RequestUri);

    /// <summary>The fields of a call we placed: from is us, to is the target.</summary>
    public static JsonObject Outbound(string sipCallId, NameAddress from, NameAddress to, CallIdentity identity)
    {
        var info = Common(identity, "outbound");
        info["from"] = UriText(from.Uri);
        info["to"] = UriText(to.Uri);
        info["from_number"] = User(from.Uri);
        info["to_number"] = User(to.Uri);
        info["headers"] = new JsonArray();
        info["sip_data"] = new JsonObject
        {
            ["sip_call_id"] = sipCallId,
            ["sip_from_uri"] = UriText(from.Uri),
            ["sip_from_user"] = User(from.Uri),
            ["sip_from_host"] = Host(from.Uri),
            ["sip_to_uri"] = UriText(to.Uri),
            ["sip_to_user"] = User(to.Uri),
            ["sip_to_host"] = Host(to.Uri),
        };
        return info;
    }

    private static JsonObject Build(SipRequest invite, CallIdentity identity, string direction, NameAddress local, NameAddress remote, AddressUri requestUri)
    {
        var info = Common(identity, direction);
        info["from"] = UriText(remote.Uri);
        info["to"] = UriText(local.Uri);
        info["from_number"] = User(remote.Uri);
        info["to_number"] = User(local.Uri);
        info["headers"] = new JsonArray(invite.Headers
            .Where(h => !Hidden.Contains(h.Name))
            .Select(h => (JsonNode?)new JsonObject { ["name"] = h.Name, ["value"] = h.Value })
            .ToArray());
        var contact = invite.Contacts.Count > 0 ? invite.Contacts[0].Uri as SipUri : null;
        info["sip_data"] = new JsonObject
        {
            ["sip_call_id"] = invite.CallId,
            ["sip_req_uri"] = UriText(requestUri),
            ["sip_req_user"] = User(requestUri),
            ["sip_req_host"] = Host(requestUri),
            ["sip_from_uri"] = UriText(remote.Uri),
            ["sip_from_user"] = User(remote.Uri),
            ["sip_from_host"] = Host(remote.Uri),
            ["sip_from_display"] = remote.DisplayName,
            ["sip_to_uri"] = UriText(local.Uri),
            ["sip_to_user"] = User(local.Uri),
            ["sip_to_host"] = Host(local.Uri),
            ["sip_contact_uri"] = contact is null ? null : UriText(contact),
            ["sip_contact_user"] = contact?.UnescapedUser,
            ["sip_contact_host"] = contact?.Host.ToString(),
            ["sip_contact_port"] = contact?.Port?.ToString(CultureInfo.InvariantCulture),
        };
        return info;
    }

    private static JsonObject Common(CallIdentity identity, string direction) => new()
    {
        ["call_id"] = SecureRandom.NewUuidV4().ToString(),
        ["node_id"] = identity.NodeId,
        ["segment_id"] = SecureRandom.NewUuidV4().ToString(),
        ["project_id"] = identity.ProjectId,
        ["space_id"] = identity.SpaceId,
        ["call_state"] = "created",
        ["direction"] = direction,
        ["type"] = "sip",
    };

    /// <summary>A URI as SignalWire shows it: no password and no URI headers.</summary>
    private static string UriText(AddressUri uri) => uri is SipUri sip
        ? SipUri.Create(sip.Host.Value, sip.UnescapedUser, sip.Port, sip.IsSecure).ToString()
        : uri.ToString();

    private static string? User(AddressUri uri) => uri switch
    {
        SipUri sip => sip.UnescapedUser,
        TelUri tel => tel.Number,
        _ => null,
    };

    private static string? Host(AddressUri uri) => (uri as SipUri)?.Host.ToString();
}
