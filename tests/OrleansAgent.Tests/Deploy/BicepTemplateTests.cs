using System.Text.Json;
using OrleansAgent.AdminApi.Security;
using OrleansAgent.Tests.Infrastructure;

namespace OrleansAgent.Tests.Deploy;

/// <summary>The Container Apps template and its parameters compile with the Bicep CLI into ARM JSON.</summary>
public sealed class BicepTemplateTests
{
    private const string AdminKeyVariable = "ORLEANSAGENT_ADMIN_API_KEY";

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

        var json = await BuildTemplateAsync(output);
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
        var environment = new Dictionary<string, string?> { [AdminKeyVariable] = "0123456789abcdef" };

        var (exitCode, log) = await BicepCli.RunAsync(environment,
            "build-params", Path.Combine(AzureFolder, "main.bicepparam"), "--outfile", output.File("main.parameters.json"));

        Assert.True(exitCode == 0, log);
        using var parameters = JsonDocument.Parse(await File.ReadAllTextAsync(output.File("main.parameters.json")));
        Assert.True(parameters.RootElement.GetProperty("parameters").TryGetProperty("image", out _));
    }

    [BicepTheory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0123456789abcde")]
    public async Task ParametersFileRejectsMissingOrShortAdminKey(string? adminKey)
    {
        using var output = new TestDirectory();
        var environment = new Dictionary<string, string?> { [AdminKeyVariable] = adminKey };

        var (exitCode, log) = await BicepCli.RunAsync(environment,
            "build-params", Path.Combine(AzureFolder, "main.bicepparam"), "--outfile", output.File("main.parameters.json"));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("BCP333", log, StringComparison.Ordinal);
        Assert.Contains("minimum allowable length is 16", log, StringComparison.Ordinal);
        Assert.False(File.Exists(output.File("main.parameters.json")));
    }

    [BicepFact]
    public async Task TemplateKeyMinimumMatchesApiKeyStore()
    {
        using var output = new TestDirectory();

        using var template = JsonDocument.Parse(await BuildTemplateAsync(output));
        var adminApiKey = template.RootElement.GetProperty("parameters").GetProperty("adminApiKey");

        Assert.Equal(ApiKeyStore.MinKeyLength, adminApiKey.GetProperty("minLength").GetInt32());
    }

    [BicepFact]
    public async Task TemplateOffersEntraAuthenticationForRedis()
    {
        using var output = new TestDirectory();

        var json = await BuildTemplateAsync(output);
        using var template = JsonDocument.Parse(json);
        var authentication = template.RootElement.GetProperty("parameters").GetProperty("redisAuthentication");
        var accessPolicy = template.RootElement.GetProperty("resources").EnumerateArray()
            .Single(resource => resource.GetProperty("type").GetString() == "Microsoft.Cache/redis/accessPolicyAssignments");

        Assert.Equal("AccessKey", authentication.GetProperty("defaultValue").GetString());
        Assert.Equal(["AccessKey", "Entra"], authentication.GetProperty("allowedValues").EnumerateArray().Select(value => value.GetString()!).ToArray());
        Assert.Equal("[variables('useEntra')]", accessPolicy.GetProperty("condition").GetString());
        Assert.Contains("principalId", accessPolicy.GetProperty("properties").GetProperty("objectId").GetString(), StringComparison.Ordinal);
        Assert.Contains("\"aad-enabled\"", json, StringComparison.Ordinal);
        Assert.Contains("\"disableAccessKeyAuthentication\"", json, StringComparison.Ordinal);
        Assert.Contains("'Agent__Storage__Entra__Enabled'", json, StringComparison.Ordinal);
        Assert.Contains("'Agent__Storage__Entra__ManagedIdentityClientId'", json, StringComparison.Ordinal);
    }

    [BicepFact]
    public async Task ParametersWithEntraBuild()
    {
        using var output = new TestDirectory();

        // Bicep accepts only a relative template path, so the template is copied next to the parameters file.
        File.Copy(Path.Combine(AzureFolder, "main.bicep"), output.File("main.bicep"));
        var parametersFile = output.File("entra.bicepparam");
        await File.WriteAllTextAsync(parametersFile, """
            using './main.bicep'

            param namePrefix = 'orlagent'
            param image = 'myregistry.azurecr.io/orleans-agent:latest'
            param adminApiKey = 'not-a-real-key-0123'
            param redisAuthentication = 'Entra'
            param redisAccessPolicy = 'Data Owner'
            param disableRedisAccessKeys = true
            """);

        var (exitCode, log) = await BicepCli.RunAsync("build-params", parametersFile, "--outfile", output.File("entra.parameters.json"));

        Assert.True(exitCode == 0, log);
        using var parameters = JsonDocument.Parse(await File.ReadAllTextAsync(output.File("entra.parameters.json")));
        Assert.Equal("Entra", parameters.RootElement.GetProperty("parameters").GetProperty("redisAuthentication").GetProperty("value").GetString());
    }

    [BicepFact]
    public async Task GuideListsEveryTemplateParameter()
    {
        using var output = new TestDirectory();
        var guide = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "docs", "deploy-azure-container-apps.md"));

        using var template = JsonDocument.Parse(await BuildTemplateAsync(output));
        var names = template.RootElement.GetProperty("parameters").EnumerateObject().Select(parameter => parameter.Name).ToList();

        Assert.NotEmpty(names);
        Assert.All(names, name => Assert.Contains($"\n| `{name}` |", guide, StringComparison.Ordinal));
    }

    /// <summary>Compiles main.bicep into <paramref name="output"/> and returns the ARM JSON.</summary>
    private static async Task<string> BuildTemplateAsync(TestDirectory output)
    {
        var (exitCode, log) = await BicepCli.RunAsync("build", Path.Combine(AzureFolder, "main.bicep"), "--outdir", output.Path);
        Assert.True(exitCode == 0, log);
        return await File.ReadAllTextAsync(output.File("main.json"));
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
