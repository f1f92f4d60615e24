namespace OrleansAgent.Silo.Hosting.Entra;

/// <summary>
/// Getting a Microsoft Entra access token for Redis failed, or the token names no Redis user. The message names the
/// identity, the scope and what to check; it never contains a token.
/// </summary>
public sealed class RedisEntraSignInException(string message, Exception? innerException = null)
    : InvalidOperationException(message, innerException);
