using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Swml.Sip.Transport;

/// <summary>
/// How SIP over TLS authenticates (RFC 3261 §26.2, RFC 5630): our certificate, for the connections
/// we accept, and how a server's certificate is checked on the ones we open: the system's validation
/// (chain and name) unless a callback is given.
/// </summary>
internal sealed record TlsSettings(X509Certificate2? Certificate, RemoteCertificateValidationCallback? ValidateServer);
