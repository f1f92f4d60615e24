using Microsoft.Extensions.Options;
using OrleansAgent.Silo.Hosting.Entra;

namespace OrleansAgent.Silo.Commands;

/// <summary>
/// Formats the reason the run command prints when settings or the environment keep the agent from starting.
/// </summary>
internal static class StartFailureMessage
{
    private const string Prefix = "The agent could not start: ";

    /// <summary>
    /// Whether <paramref name="exception"/>, or an exception it wraps, is one the user fixes in settings or on the
    /// host: failed options validation or a failed Microsoft Entra sign-in to Redis.
    /// </summary>
    public static bool IsStartFailure(Exception exception) =>
        ValidationFailures(exception) is not null || FindCause(exception) is not null;

    /// <summary>
    /// Returns the text to print for <paramref name="exception"/>: one line per failed option rule, or the message.
    /// </summary>
    public static string Format(Exception exception)
    {
        if (ValidationFailures(exception) is { } failures)
        {
            var lines = failures.Select(failure => "  " + failure);
            return string.Join(Environment.NewLine, ["The agent could not start because of invalid settings:", .. lines]);
        }

        return Prefix + (FindCause(exception) ?? exception).Message;
    }

    /// <summary>The failed rules when <paramref name="exception"/> is options validation, alone or several aggregated by the host.</summary>
    private static IReadOnlyList<string>? ValidationFailures(Exception exception) => exception switch
    {
        OptionsValidationException validation => [.. validation.Failures],
        AggregateException aggregate when aggregate.InnerExceptions.All(inner => inner is OptionsValidationException) =>
            [.. aggregate.InnerExceptions.Cast<OptionsValidationException>().SelectMany(validation => validation.Failures)],
        _ => null,
    };

    private static Exception? FindCause(Exception exception)
    {
        if (exception is RedisEntraSignInException)
        {
            return exception;
        }

        if (exception is AggregateException aggregate)
        {
            return aggregate.InnerExceptions.Select(FindCause).FirstOrDefault(cause => cause is not null);
        }

        return exception.InnerException is null ? null : FindCause(exception.InnerException);
    }
}
