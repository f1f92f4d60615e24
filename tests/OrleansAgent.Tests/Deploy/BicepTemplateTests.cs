using System.Text.Json;
using OrleansAgent.Tests.Infrastructure;

namespace OrleansAgent.Tests.Deploy;

/// <summary>The Container Apps template and its parameters compile with the Bicep CLI into ARM JSON.</summary>
public sealed class BicepTemplateTests
{
    private static readonly string AzureFolder = Path.Combine(RepositoryRoot(), "deploy", "azure");

    [BicepFact]
    public async Task TemplateBuildsToArmJson()
    {
        using var output = new TestDirectory();

        var (exitCode, log) = await BicepCli.RunAsync("build", Path.Combine(AzureFolder, "main.bicep"), "--outdir", output.Path);

        Assert.True(exitCode == 0, log);
        using var template = JsonDocument.Parse(await File.ReadAllTextAsync(output.File("main.json")));
        Assert.Contains("deploymentTemplate.json", template.RootElement.GetProperty("$schema").GetString(), StringComparison.Ordinal);
    }

    [BicepFact]
    public async Task TemplateDeclaresClusterPortsReplicasAndRedis()
    {
        using var output = new TestDirectory();
        var (exitCode, log) = await BicepCli.RunAsync("build", Path.Combine(AzureFolder, "main.bicep"), "--outdir", output.Path);
        Assert.True(exitCode == 0, log);

        var json = await File.ReadAllTextAsync(output.File("main.json"));
        using var template = JsonDocument.Parse(json);
        var parameters = template.RootElement.GetProperty("parameters");

        Assert.Equal(11111, parameters.GetProperty("siloPort").GetProperty("defaultValue").GetInt32());
        Assert.Equal(30000, parameters.GetProperty("gatewayPort").GetProperty("defaultValue").GetInt32());
        Assert.Equal(2, parameters.GetProperty("minReplicas").GetProperty("minValue").GetInt32());
        Assert.Contains("\"additionalPortMappings\"", json, StringComparison.Ordinal);
        Assert.Contains("Microsoft.Cache/redis", json, StringComparison.Ordinal);
        Assert.Contains("Microsoft.ManagedIdentity/userAssignedIdentities", json, StringComparison.Ordinal);
    }

    [BicepFact]
    public async Task ParametersFileBuildsToParametersJson()
    {
        using var output = new TestDirectory();

        var (exitCode, log) = await BicepCli.RunAsync(
            "build-params", Path.Combine(AzureFolder, "main.bicepparam"), "--outfile", output.File("main.parameters.json"));

        Assert.True(exitCode == 0, log);
        using var parameters = JsonDocument.Parse(await File.ReadAllTextAsync(output.File("main.parameters.json")));
        Assert.True(parameters.RootElement.GetProperty("parameters").TryGetProperty("image", out _));
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "OrleansAgent.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No OrleansAgent.sln above {AppContext.BaseDirectory}; run the tests from the repository.");
    }
}
