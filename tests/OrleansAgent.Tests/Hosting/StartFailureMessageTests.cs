using Microsoft.Extensions.Options;
using OrleansAgent.Silo.Commands;
using OrleansAgent.Silo.Hosting.Entra;

namespace OrleansAgent.Tests.Hosting;

/// <summary>What the run command prints for failed options validation and Entra sign-in.</summary>
public sealed class StartFailureMessageTests
{
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
}
