using System.Text.RegularExpressions;
using OrleansAgent.Grains.Interfaces.Model;

namespace OrleansAgent.Grains.Analysis;

/// <summary>Keyword tables that classify a signal without a model. Each table is checked in order, first match wins.</summary>
internal static partial class DeterministicKeywords
{
    public static readonly IReadOnlyList<(Regex Pattern, Severity Severity)> SeverityWords =
    [
        (CriticalWords(), Severity.Critical),
        (HighWords(), Severity.High),
        (MediumWords(), Severity.Medium),
    ];

    public static readonly IReadOnlyList<(Regex Pattern, string Category)> CategoryWords =
    [
        (MemoryWords(), "memory"),
        (StorageWords(), "storage"),
        (DatabaseWords(), "database"),
        (AuthWords(), "auth"),
        (MessagingWords(), "messaging"),
        (NetworkWords(), "network"),
    ];

    /// <summary>Causes that the message itself states; anything vaguer is left to a person or the model.</summary>
    public static readonly IReadOnlyList<(Regex Pattern, string Cause)> Causes =
    [
        (DiskFull(), "The disk or volume is full."),
        (OutOfMemory(), "The process ran out of memory."),
        (TooManyFiles(), "The process reached its open file limit."),
        (ConnectionRefused(), "Nothing accepted the connection at the target address: the service is down, restarting or the address is wrong."),
        (DnsFailure(), "A host name could not be resolved."),
        (CertificateProblem(), "A TLS certificate was rejected (expired, untrusted or for another name)."),
        (Deadlock(), "Concurrent database transactions deadlocked."),
        (PermissionDenied(), "The process lacks permission for a file or resource."),
    ];

    [GeneratedRegex(@"\b(fatal|panic|panicked|critical|crit|emerg|emergency|alert)\b", RegexOptions.IgnoreCase)]
    private static partial Regex CriticalWords();

    [GeneratedRegex(@"\b(error|err|errors|exception|failed|failure|fail|timeout|timed out|refused)\b|Exception\b", RegexOptions.IgnoreCase)]
    private static partial Regex HighWords();

    [GeneratedRegex(@"\b(warn|warning|warnings)\b", RegexOptions.IgnoreCase)]
    private static partial Regex MediumWords();

    [GeneratedRegex(@"out ?of ?memory|\boom\b|oom-kill|heap space|\bgc overhead\b|memory limit", RegexOptions.IgnoreCase)]
    private static partial Regex MemoryWords();

    [GeneratedRegex(@"\b(disk|volume|filesystem|file system|no space|inode|bucket|s3|blob|i/o error|ioexception|read-only file)\b", RegexOptions.IgnoreCase)]
    private static partial Regex StorageWords();

    [GeneratedRegex(@"\b(sql|postgres|postgresql|mysql|mariadb|mongo|mongodb|database|db|deadlock|query|transaction|sqlstate|oracle|cassandra|redis)\b", RegexOptions.IgnoreCase)]
    private static partial Regex DatabaseWords();

    [GeneratedRegex(@"\b(unauthorized|unauthenticated|forbidden|401|403|login|logon|authentication|auth|credential|credentials|token expired|invalid token|permission denied|access denied)\b", RegexOptions.IgnoreCase)]
    private static partial Regex AuthWords();

    [GeneratedRegex(@"\b(kafka|rabbitmq|amqp|queue|topic|consumer|producer|broker|nats|sqs)\b", RegexOptions.IgnoreCase)]
    private static partial Regex MessagingWords();

    [GeneratedRegex(@"\b(connection|connect|socket|dns|timeout|timed out|unreachable|refused|reset|tls|ssl|certificate|gateway|upstream|proxy|econnreset|econnrefused|etimedout|502|503|504)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NetworkWords();

    [GeneratedRegex(@"no space left on device|disk (is )?full|quota exceeded", RegexOptions.IgnoreCase)]
    private static partial Regex DiskFull();

    [GeneratedRegex(@"out ?of ?memory|OutOfMemoryError|oom-kill|Killed process|heap space", RegexOptions.IgnoreCase)]
    private static partial Regex OutOfMemory();

    [GeneratedRegex(@"too many open files|EMFILE", RegexOptions.IgnoreCase)]
    private static partial Regex TooManyFiles();

    [GeneratedRegex(@"connection refused|ECONNREFUSED", RegexOptions.IgnoreCase)]
    private static partial Regex ConnectionRefused();

    [GeneratedRegex(@"no such host|name or service not known|NXDOMAIN|could not resolve host|name resolution", RegexOptions.IgnoreCase)]
    private static partial Regex DnsFailure();

    [GeneratedRegex(@"certificate (has )?expired|x509|certificate verify failed|untrusted certificate", RegexOptions.IgnoreCase)]
    private static partial Regex CertificateProblem();

    [GeneratedRegex(@"\bdeadlock", RegexOptions.IgnoreCase)]
    private static partial Regex Deadlock();

    [GeneratedRegex(@"permission denied|EACCES|access denied", RegexOptions.IgnoreCase)]
    private static partial Regex PermissionDenied();
}
