using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using OrleansAgent.Silo.Commands;
using OrleansAgent.Silo.Hosting.Entra;

namespace OrleansAgent.Tests.Hosting;

/// <summary>What the run command prints for errors of the configuration binder, options validation and Entra sign-in.</summary>
public sealed class StartFailureMessageTests
{
    [Theory]
    [InlineData("Count", "many", "to type 'System.Int64'. The setting accepts a whole number, such as 30.")]
    [InlineData("Ratio", "half", "to type 'System.Double'. The setting accepts a number with a dot as the decimal separator, such as 0.5.")]
    [InlineData("Endpoint", "http://", "to type 'System.Uri'. The setting accepts an absolute URI, such as https://example.com/path.")]
    [InlineData("Enabled", "on", "to type 'System.Boolean'. The setting accepts true or false.")]
    public void BinderErrorGetsAcceptedValues(string key, string value, string expectedEnd)
    {
        var exception = BindError(key, value);

        var message = StartFailureMessage.Format(exception);

        Assert.StartsWith($"The agent could not start: Failed to convert configuration value '{value}' at 'Test:{key}'", message, StringComparison.Ordinal);
        Assert.EndsWith(expectedEnd, message, StringComparison.Ordinal);
    }

    [Fact]
    public void BinderErrorOfUnknownTypeKeepsBinderMessage()
    {
        var exception = BindError("Id", "not-a-guid");

        var message = StartFailureMessage.Format(exception);

        Assert.Equal("The agent could not start: " + exception.Message, message);
    }

    [Fact]
    public void SignInFailureIsFoundInsideWrappingExceptions()
    {
        var signIn = new RedisEntraSignInException("Could not get a token.");
        var wrapped = new InvalidOperationException("Lifecycle start canceled.", new AggregateException(new TimeoutException("other"), signIn));

        var isStartFailure = StartFailureMessage.IsStartFailure(wrapped);
        var message = StartFailureMessage.Format(wrapped);

        Assert.True(isStartFailure);
        Assert.Equal("The agent could not start: Could not get a token.", message);
    }

    [Fact]
    public void AggregatedValidationFailuresAreListedOnePerLine()
    {
        var exception = new AggregateException(
            new OptionsValidationException("first", typeof(object), ["Agent:A is invalid."]),
            new OptionsValidationException("second", typeof(object), ["Agent:B is invalid.", "Agent:C is invalid."]));

        var lines = StartFailureMessage.Format(exception).Split(Environment.NewLine);

        Assert.True(StartFailureMessage.IsStartFailure(exception));
        Assert.Equal(["The agent could not start because of invalid settings:", "  Agent:A is invalid.", "  Agent:B is invalid.", "  Agent:C is invalid."], lines);
    }

    [Fact]
    public void UnrelatedFailureIsNotStartFailure()
    {
        var exception = new InvalidOperationException("Something inside the agent broke.", new NullReferenceException());

        Assert.False(StartFailureMessage.IsStartFailure(exception));
    }

    private static InvalidOperationException BindError(string key, string value)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"Test:{key}"] = value })
            .Build();
        return Assert.Throws<InvalidOperationException>(() => configuration.GetSection("Test").Get<TypedSettings>());
    }

    private sealed class TypedSettings
    {
        public long Count { get; set; }

        public double Ratio { get; set; }

        public Uri? Endpoint { get; set; }

        public bool Enabled { get; set; }

        public Guid Id { get; set; }
    }
}
