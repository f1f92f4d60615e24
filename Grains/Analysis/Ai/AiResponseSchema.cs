namespace OrleansAgent.Grains.Analysis.Ai;

/// <summary>
/// The JSON schema of the model output, in the subset that OpenAI strict structured output accepts: every
/// property required and no additional properties. Limits the schema cannot state in that subset (the confidence
/// range, at most five actions) are checked by <see cref="AiResponseParser"/>.
/// </summary>
internal static class AiResponseSchema
{
    public const string Name = "triage_findings";

    public const string Json = """
        {
          "type": "object",
          "properties": {
            "findings": {
              "type": "array",
              "items": {
                "type": "object",
                "properties": {
                  "index": { "type": "integer", "description": "The index of the signal this finding describes." },
                  "title": { "type": "string" },
                  "summary": { "type": "string" },
                  "severity": { "type": "string", "enum": ["critical", "high", "medium", "low", "info"] },
                  "confidence": { "type": "number", "description": "From 0 to 1." },
                  "category": { "type": "string" },
                  "likelyCause": { "type": "string", "description": "Empty when the input does not support a cause." },
                  "suggestedActions": { "type": "array", "items": { "type": "string" }, "description": "At most five." }
                },
                "required": ["index", "title", "summary", "severity", "confidence", "category", "likelyCause", "suggestedActions"],
                "additionalProperties": false
              }
            }
          },
          "required": ["findings"],
          "additionalProperties": false
        }
        """;
}
