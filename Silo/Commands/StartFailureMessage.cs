using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using OrleansAgent.Silo.Hosting.Entra;

namespace OrleansAgent.Silo.Commands;

/// <summary>
/// Formats the reason the run command prints when settings or the environment keep the agent from starting.
/// </summary>
internal static partial class StartFailureMessage
{
    private const string Prefix = "The agent could not start: ";

    // The configuration binder's wording for a value that the property type's converter rejects (checked with .NET 10).
    private const string ConversionErrorStart = "Failed to convert configuration value";

    /// <summary>
    /// Whether <paramref name="exception"/>, or an exception it wraps, is one the user fixes in settings or on the
    /// host: failed options validation, a configuration value of the wrong type, or a failed Microsoft Entra sign-in
    /// to Redis.
    /// </summary>
    public static bool IsStartFailure(Exception exception) =>
        ValidationFailures(exception) is not null || FindCause(exception) is not null;

    /// <summary>
    /// Returns the text to print for <paramref name="exception"/>: one line per failed option rule, or one line with
    /// the message. For a configuration value of the wrong type it adds what the type accepts, because the binder's
    /// message names only the type.
    /// </summary>
    public static string Format(Exception exception)
    {
        if (ValidationFailures(exception) is { } failures)
        {
            var lines = failures.Select(failure => "  " + failure);
            return string.Join(Environment.NewLine, ["The agent could not start because of invalid settings:", .. lines]);
        }

        var cause = FindCause(exception) ?? exception;
        var accepted = IsConversionError(cause) ? AcceptedValues(cause.Message) : null;
        return accepted is null ? Prefix + cause.Message : $"{Prefix}{cause.Message} The setting accepts {accepted}.";
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
        if (exception is RedisEntraSignInException || IsConversionError(exception))
        {
            return exception;
        }

        if (exception is AggregateException aggregate)
        {
            return aggregate.InnerExceptions.Select(FindCause).FirstOrDefault(cause => cause is not null);
        }

        return exception.InnerException is null ? null : FindCause(exception.InnerException);
    }

    private static bool IsConversionError(Exception exception) =>
        exception is InvalidOperationException && exception.Message.StartsWith(ConversionErrorStart, StringComparison.Ordinal);

    private static string? AcceptedValues(string message)
    {
        var match = TargetType().Match(message);
        if (!match.Success)
        {
            return null;
        }

        var typeName = match.Groups["type"].Value;
        return typeName switch
        {
            "System.Boolean" => "true or false",
            "System.TimeSpan" => "a duration as hh:mm:ss or d.hh:mm:ss, such as 00:00:30 or 1.00:00:00",
            "System.Int32" or "System.Int64" or "System.Int16" or "System.UInt32" or "System.UInt64" or "System.UInt16" or "System.Byte"
                => "a whole number, such as 30",
            "System.Double" or "System.Single" or "System.Decimal" => "a number with a dot as the decimal separator, such as 0.5",
            "System.Uri" => "an absolute URI, such as https://example.com/path",
            _ => EnumValues(typeName),
        };
    }

    private static string? EnumValues(string typeName)
    {
        var type = AppDomain.CurrentDomain.GetAssemblies()
            .Select(assembly => assembly.GetType(typeName, throwOnError: false))
            .FirstOrDefault(candidate => candidate is not null);
        return type is { IsEnum: true } ? "one of " + string.Join(", ", Enum.GetNames(type)) : null;
    }

    // The binder message ends with: to type 'System.Boolean'.
    [GeneratedRegex(@"to type '(?<type>[^']+)'\.?$")]
    private static partial Regex TargetType();
}
