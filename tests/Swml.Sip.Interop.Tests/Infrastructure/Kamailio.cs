using System.Globalization;
using Swml.Tests.Peers;

namespace Swml.Sip.Interop.Tests.Infrastructure;

/// <summary>
/// kamailio 5.6 as a record-routing proxy that challenges in-dialog REFERs with digest
/// (SHA-256 by default) and relays everything else: the configuration of sip-refer-notes.md §4.4,
/// relaying in-dialog requests that carry no Route instead of answering 404.
/// </summary>
public static class Kamailio
{
    public const string Password = "s3cret";

    /// <param name="challenged">The in-dialog methods challenged on the route set, as kamailio's is_method takes them ("REFER|BYE").</param>
    public static async Task<PeerProcess> StartAsync(TempFolder folder, int port, string algorithm, CancellationToken cancellationToken, string challenged = "REFER")
    {
        var p = port.ToString(CultureInfo.InvariantCulture);
        var config = folder.Write("kamailio.cfg", $$"""
            #!KAMAILIO
            debug=2
            log_stderror=yes
            fork=no
            children=1
            listen=udp:127.0.0.1:{{p}}
            listen=tcp:127.0.0.1:{{p}}
            mpath="{{Peers.KamailioModules}}/"
            loadmodule "tm.so"
            loadmodule "sl.so"
            loadmodule "rr.so"
            loadmodule "pv.so"
            loadmodule "maxfwd.so"
            loadmodule "textops.so"
            loadmodule "siputils.so"
            loadmodule "xlog.so"
            loadmodule "auth.so"
            modparam("auth", "algorithm", "{{algorithm}}")
            modparam("auth", "secret", "nonce-signing-secret")
            request_route {
              if (!mf_process_maxfwd_header("10")) { sl_send_reply("483","Too Many Hops"); exit; }
              if (has_totag()) {
                if (loose_route()) {
                  if (is_method("{{challenged}}")) {
                    if (!pv_proxy_authenticate("$fd", "{{Password}}", "0")) { proxy_challenge("$fd", "1"); exit; }
                    consume_credentials();
                  }
                  t_relay(); exit;
                }
                # In-dialog without a Route (SIPp's built-in scenarios): relay it to its R-URI. A REFER
                # that skipped the route set lands here too, unchallenged, which the REFER tests notice.
                if (is_method("ACK")) { if (t_check_trans()) { t_relay(); } exit; }
                t_relay(); exit;
              }
              record_route();
              t_relay();
            }
            """);
        var peer = await KamailioProcess.StartAsync(folder, new[] { "-f", config }, "its configuration", cancellationToken);
        await peer.WaitForLogAsync("INFO: <core>", TimeSpan.FromSeconds(15), cancellationToken);
        return peer;
    }
}
