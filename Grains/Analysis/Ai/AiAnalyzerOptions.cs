namespace OrleansAgent.Grains.Analysis.Ai;

/// <summary>
/// Settings of the model analyzer, bound from <c>Agent:Ai</c>. Leaving <see cref="Endpoint"/> or
/// <see cref="Model"/> empty turns the model off, and every signal then gets the deterministic finding.
/// </summary>
public sealed class AiAnalyzerOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Agent:Ai";

    /// <summary>The environment variable read when <see cref="ApiKey"/> is not configured.</summary>
    public const string ApiKeyEnvironmentVariable = "ORLEANSAGENT_AI_APIKEY";

    /// <summary>
    /// Base URL of an OpenAI-compatible API, ending in <c>/v1</c> (OpenAI, the Azure OpenAI v1 endpoint, Ollama,
    /// vLLM, LM Studio). Default: empty, which means no model.
    /// </summary>
    public string? Endpoint { get; set; }

    /// <summary>The model or deployment name sent with each request. Required when <see cref="Endpoint"/> is set. Default: empty.</summary>
    public string? Model { get; set; }

    /// <summary>
    /// The API key, sent as a bearer token. Default: empty, then the <c>ORLEANSAGENT_AI_APIKEY</c> environment
    /// variable; local servers usually need none. Never logged and never returned by a status.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>Signals sent to the model in one request. Default: 10.</summary>
    public int MaxSignalsPerCall { get; set; } = 10;

    /// <summary>Redacted sample lines sent per signal. Default: 3.</summary>
    public int MaxSamplesPerSignal { get; set; } = 3;

    /// <summary>Time allowed for one model request, retries and 429 waits included. Default: 30 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a model finding is reused for later signals of the same pattern. Default: 1 hour.</summary>
    public TimeSpan CacheTtl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The confidence below which a model finding should not open an incident on its own. Default: 0.7.</summary>
    public double MinConfidence { get; set; } = 0.7;

    /// <summary>Model requests allowed across the cluster in any sliding 60-minute window. Default: 60.</summary>
    public int MaxCallsPerHour { get; set; } = 60;

    /// <summary>Input plus output tokens allowed across the cluster per UTC day. Default: 200,000.</summary>
    public long MaxTokensPerDay { get; set; } = 200_000;

    /// <summary>
    /// A folder whose <c>system.md</c> and <c>user.md</c> replace the built-in prompts, each file on its own.
    /// Default: empty, which uses the built-in prompts.
    /// </summary>
    public string? PromptDirectory { get; set; }

    /// <summary>
    /// Requests a JSON schema response format. A server that rejects it is detected on the first request, and the
    /// prompt alone then requests JSON; turning this off skips that first attempt. Default: true.
    /// </summary>
    public bool UseStructuredOutput { get; set; } = true;

    /// <summary>
    /// The sampling temperature; low values make triage repeatable. Set it empty for models that accept only
    /// their default (some reasoning models reject any other value). Default: 0.
    /// </summary>
    public double? Temperature { get; set; } = 0;

    /// <summary>True when both <see cref="Endpoint"/> and <see cref="Model"/> are set.</summary>
    public bool IsModelConfigured => !string.IsNullOrWhiteSpace(Endpoint) && !string.IsNullOrWhiteSpace(Model);

    /// <summary>Describes the settings without the API key.</summary>
    public override string ToString() =>
        $"Endpoint={Endpoint}, Model={Model}, ApiKey={(string.IsNullOrEmpty(ApiKey) ? "unset" : "set")}, " +
        $"MaxSignalsPerCall={MaxSignalsPerCall}, MaxSamplesPerSignal={MaxSamplesPerSignal}, Timeout={Timeout}, " +
        $"CacheTtl={CacheTtl}, MinConfidence={MinConfidence}, MaxCallsPerHour={MaxCallsPerHour}, " +
        $"MaxTokensPerDay={MaxTokensPerDay}, PromptDirectory={PromptDirectory}, UseStructuredOutput={UseStructuredOutput}, Temperature={Temperature}";
}
