using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace OrleansAgent.Tests.Notifications.Fakes;

/// <summary>One message the SMTP server accepted, with the envelope recipients.</summary>
public sealed record ReceivedMail(IReadOnlyList<string> EnvelopeRecipients, string EnvelopeFrom, MimeMessage Message);

/// <summary>
/// A real SMTP server (the SmtpServer package) on 127.0.0.1, storing accepted messages in memory. It can
/// require AUTH with one user and can reply to DATA with a chosen code.
/// </summary>
public sealed class FakeSmtpServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Store _store = new();
    private Task _running = Task.CompletedTask;

    private FakeSmtpServer()
    {
    }

    public int Port { get; private set; }

    public IReadOnlyList<ReceivedMail> Messages => _store.Messages.ToArray();

    /// <summary>The reply to DATA; null accepts the message with 250.</summary>
    public SmtpResponse? DataReply
    {
        get => _store.Reply;
        set => _store.Reply = value;
    }

    /// <summary>
    /// Starts a server. With a user name, clients must authenticate with that user and password. With a
    /// certificate, the server offers STARTTLS, or speaks TLS from the first byte when
    /// <paramref name="implicitTls"/> is true.
    /// </summary>
    public static async Task<FakeSmtpServer> StartAsync(
        string? userName = null, string? password = null, X509Certificate2? certificate = null, bool implicitTls = false)
    {
        var server = new FakeSmtpServer { Port = FindFreePort() };
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint =>
            {
                endpoint
                    .Endpoint(new IPEndPoint(IPAddress.Loopback, server.Port))
                    .AuthenticationRequired(userName is not null)
                    .AllowUnsecureAuthentication(true)
                    .IsSecure(implicitTls);
                if (certificate is not null)
                {
                    endpoint.Certificate(certificate);
                }
            })
            .Build();

        var services = new ServiceProvider();
        services.Add(server._store);
        if (userName is not null)
        {
            services.Add(new SingleUserAuthenticator(userName, password ?? ""));
        }

        server._running = new SmtpServer.SmtpServer(options, services).StartAsync(server._stop.Token);
        await WaitUntilListeningAsync(server.Port);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    /// <summary>Creates a self-signed certificate for 127.0.0.1 and localhost, with its private key.</summary>
    public static X509Certificate2 CreateCertificate()
    {
        using var key = System.Security.Cryptography.RSA.Create(2048);
        var request = new CertificateRequest(
            "CN=localhost", key, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));

        // A PFX round trip gives a key that SslStream can use as a server on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }

    // SmtpServer takes a port number, not a bound socket, so a port is picked by binding to port 0 first.
    private static int FindFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitUntilListeningAsync(int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
        }
    }

    private sealed class Store : MessageStore
    {
        public ConcurrentQueue<ReceivedMail> Messages { get; } = new();

        public SmtpResponse? Reply { get; set; }

        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (Reply is { } reply)
            {
                return reply;
            }

            await using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            var recipients = transaction.To.Select(m => $"{m.User}@{m.Host}").ToArray();
            Messages.Enqueue(new ReceivedMail(recipients, $"{transaction.From.User}@{transaction.From.Host}", message));
            return SmtpResponse.Ok;
        }
    }

    private sealed class SingleUserAuthenticator(string userName, string password) : UserAuthenticator
    {
        public override Task<bool> AuthenticateAsync(ISessionContext context, string user, string secret, CancellationToken cancellationToken) =>
            Task.FromResult(user == userName && secret == password);
    }
}
