using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Swml.Tests.Peers;

/// <summary>
/// A self-signed certificate made by the test for 127.0.0.1 and localhost, for SIP over TLS between
/// our stack and a peer: as an X509Certificate2 with its key, and as PEM files for baresip or kamailio.
/// </summary>
public sealed class TestCertificate : IDisposable
{
    private TestCertificate(X509Certificate2 certificate) => Certificate = certificate;

    public X509Certificate2 Certificate { get; }

    public static TestCertificate Create(string subject = "CN=sipref-test")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        using var made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));

        // Through PKCS#12 so the key is usable by SslStream on Linux.
        return new TestCertificate(X509CertificateLoader.LoadPkcs12(made.Export(X509ContentType.Pkcs12), null));
    }

    /// <summary>Whether a peer's certificate is this one: a validation callback that trusts it alone.</summary>
    public bool IsThis(X509Certificate? presented) =>
        presented is not null && presented.GetCertHashString() == Certificate.GetCertHashString();

    /// <summary>Writes the certificate and its key in one PEM file (as baresip's sip_certificate wants), and the certificate alone; returns both paths.</summary>
    public (string CertificateAndKey, string CertificateOnly) WritePem(string folder)
    {
        var certificate = Certificate.ExportCertificatePem();
        var key = Certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem();
        var both = Path.Combine(folder, "cert-and-key.pem");
        var only = Path.Combine(folder, "cert.pem");
        File.WriteAllText(both, certificate + "\n" + key + "\n");
        File.WriteAllText(only, certificate + "\n");
        return (both, only);
    }

    public void Dispose() => Certificate.Dispose();
}
