using System.Net;
using Microsoft.AspNetCore.Hosting;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansAgent.Grains.Sources;
using OrleansAgent.Grains.Sources.Elasticsearch;
using OrleansAgent.Tests.Sources.Files;

namespace OrleansAgent.Tests.Sources.Elasticsearch;

public sealed class ElasticsearchTlsTests : IAsyncLifetime, IDisposable
{
    private readonly ManualTimeProvider _clock = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("orleansagent-tls-").FullName;
    private readonly X509Certificate2 _authority = CreateAuthority("CN=Test Root");
    private readonly X509Certificate2 _otherAuthority = CreateAuthority("CN=Other Root");
    private FakeElasticsearch _es = null!;

    public async Task InitializeAsync()
    {
        var server = IssueServerCertificate(_authority);
        _es = await FakeElasticsearch.StartAsync(listen => listen.UseHttps(server));
        _es.Add("logs-a", "1", (_clock.GetUtcNow().AddMinutes(-2).ToUnixTimeMilliseconds()) * 1_000_000, new { message = "over tls" });
    }

    public async Task DisposeAsync() => await _es.DisposeAsync();

    public void Dispose()
    {
        _authority.Dispose();
        _otherAuthority.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task ServerSignedByConfiguredAuthorityIsTrusted()
    {
        var source = CreateSource(WritePem("ca.pem", _authority));

        var result = await SourceReading.ReadAllAsync(source, null);

        Assert.Equal(["over tls"], result.Events.Texts());
    }

    [Fact]
    public async Task ServerSignedByAnotherAuthorityIsRejected()
    {
        var source = CreateSource(WritePem("other.pem", _otherAuthority));

        var error = await Assert.ThrowsAsync<LogSourceException>(() => source.ReadAsync(null, 10, CancellationToken.None));

        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task ServerNotInSystemStoreIsRejectedWithoutAuthority()
    {
        var source = CreateSource(caPath: null);

        await Assert.ThrowsAsync<LogSourceException>(() => source.ReadAsync(null, 10, CancellationToken.None));
    }

    private ILogSource CreateSource(string? caPath)
    {
        var options = new ElasticsearchSourceOptions
        {
            Url = _es.BaseAddress.ToString().Replace("http://", "https://", StringComparison.Ordinal),
            Index = "logs-*",
            CaCertificatePath = caPath,
        };
        return LogSourceFactory.Create(new SourceOptions { Name = "es-tls", Type = "elasticsearch", Elasticsearch = options }, null!, NullLoggerFactory.Instance, _clock);
    }

    private string WritePem(string name, X509Certificate2 certificate)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, certificate.ExportCertificatePem());
        return path;
    }

    private static X509Certificate2 CreateAuthority(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
    }

    private static X509Certificate2 IssueServerCertificate(X509Certificate2 authority)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        using var issued = request.Create(authority, now.AddHours(-1), now.AddDays(7), RandomNumberGenerator.GetBytes(8));
        using var withKey = issued.CopyWithPrivateKey(key);

        // Kestrel needs a certificate whose key it can use from any store, so round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
