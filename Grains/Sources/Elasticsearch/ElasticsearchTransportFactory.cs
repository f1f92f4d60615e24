using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Elastic.Clients.Elasticsearch;
using Elastic.Transport;
using Elastic.Transport.Products;

namespace OrleansAgent.Grains.Sources.Elasticsearch;

/// <summary>Builds the transport of <c>Elastic.Clients.Elasticsearch</c> with the source's authentication,
/// TLS trust and timeout. OpenSearch gets the generic transport of the same library, without the Elasticsearch
/// product registration and its Elasticsearch-specific checks, because OpenSearch is a different
/// product (it sends no <c>X-Elastic-Product</c> header).</summary>
internal static class ElasticsearchTransportFactory
{
    public static ITransport Create(ElasticsearchSourceOptions options, bool isOpenSearch)
    {
        var uri = new Uri(options.Url);
        if (isOpenSearch)
        {
            var descriptor = new TransportConfigurationDescriptor(uri, DefaultProductRegistration.Default);
            Configure(descriptor, options);
            return new DistributedTransport(descriptor);
        }

        var settings = new ElasticsearchClientSettings(uri);
        Configure(settings, options);
        return new ElasticsearchClient(settings).Transport;
    }

    private static void Configure<T>(TransportConfigurationDescriptorBase<T> descriptor, ElasticsearchSourceOptions options)
        where T : TransportConfigurationDescriptorBase<T>
    {
        // The poller owns retries and backoff. A retry inside the transport would hide throttling from it.
        descriptor.MaximumRetries(0);
        descriptor.RequestTimeout(options.RequestTimeout);
        descriptor.ResponseHeadersToParse(new HeadersList("Retry-After"));
        if (!string.IsNullOrEmpty(options.ApiKey))
        {
            descriptor.Authentication(new ApiKey(options.ApiKey));
        }
        else if (!string.IsNullOrEmpty(options.Username))
        {
            descriptor.Authentication(new BasicAuthentication(options.Username, options.Password ?? ""));
        }

        if (!string.IsNullOrEmpty(options.CaCertificatePath))
        {
            var authorities = new X509Certificate2Collection();
            authorities.ImportFromPemFile(options.CaCertificatePath);
            if (authorities.Count == 0)
            {
                throw new InvalidOperationException($"Elasticsearch:CaCertificatePath '{options.CaCertificatePath}' contains no PEM certificate.");
            }

            descriptor.ServerCertificateValidationCallback((_, certificate, _, errors) => IsTrusted(certificate, errors, authorities));
        }
    }

    /// <summary>Accepts a server certificate only when it chains to one of <paramref name="authorities"/> and
    /// names the host. The system trust store is not consulted.</summary>
    internal static bool IsTrusted(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection authorities)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var server = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(server);
    }
}
