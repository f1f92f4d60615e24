using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using OrleansAgent.AdminApi.Infrastructure;
using OrleansAgent.AdminApi.Security;
using OrleansAgent.Grains.Engine.Baseline;
using OrleansAgent.Grains.Interfaces.Patterns;

namespace OrleansAgent.AdminApi.Catalog;

/// <summary>Exports the whole catalog as a file and imports one back.</summary>
public static class CatalogEndpoints
{
    public static RouteGroupBuilder MapCatalogEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/catalog").WithTags("Catalog");
        group.MapGet("/export", Export).WithName("ExportCatalog")
            .WithSummary("Returns every pattern with its status, labels, note, counts and baseline as one JSON document.");
        group.MapPost("/import", Import).WithName("ImportCatalog").Accepts<CatalogDocument>("application/json").RequireAuthorization(ApiRoles.AdminPolicy)
            .WithSummary("Restores the patterns of an exported file (admin). The whole file is checked first; an invalid file changes nothing.");
        group.MapPost("/snapshot", Snapshot).WithName("SnapshotCatalog").RequireAuthorization(ApiRoles.AdminPolicy)
            .WithSummary("Writes a catalog file to the snapshot folder now, keeping the configured number of backups (admin).");
        return group;
    }

    private static async Task<Ok<CatalogDocument>> Export(CatalogExporter exporter) => TypedResults.Ok(await exporter.ExportAsync());

    private static async Task<Results<Ok<ImportResult>, ValidationProblem>> Import(
        HttpContext context, IGrainFactory grains, IOptions<BaselineOptions> baseline, IOptions<JsonOptions> json, AuditTrail audit)
    {
        CatalogDocument? document;
        try
        {
            document = await JsonSerializer.DeserializeAsync<CatalogDocument>(context.Request.Body, json.Value.SerializerOptions, context.RequestAborted);
        }
        catch (JsonException exception)
        {
            // A truncated upload ends here too: nothing has been changed yet.
            return Invalid($"The file is not valid JSON (line {exception.LineNumber + 1}, byte {exception.BytePositionInLine}); nothing was imported.");
        }

        var (exports, errors) = CatalogFile.Validate(document, baseline.Value);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["patterns"] = [.. errors] },
                detail: "The file is invalid; nothing was imported.");
        }

        var before = (await CatalogReader.ReadAllAsync(grains)).Count;
        var rows = new List<PatternSummary>(exports.Count);
        foreach (var chunk in exports.Chunk(64))
        {
            rows.AddRange(await Task.WhenAll(chunk.Select(export => grains.GetGrain<IPatternGrain>(export.PatternId).RestoreAsync(export))));
        }

        await grains.GetGrain<ICatalogGrain>(GrainKeys.Cluster).UpsertAsync([.. rows]);
        var result = new ImportResult(rows.Count, (await CatalogReader.ReadAllAsync(grains)).Count);
        await audit.RecordAsync(context, "catalog", new { Patterns = before }, result);
        return TypedResults.Ok(result);
    }

    private static async Task<Ok<SnapshotResult>> Snapshot(CatalogSnapshotWriter writer, HttpContext context, AuditTrail audit)
    {
        var (file, patterns) = await writer.WriteAsync(context.RequestAborted);
        var result = new SnapshotResult(Path.GetFileName(file), patterns);
        await audit.RecordAsync(context, "catalog", null, result);
        return TypedResults.Ok(result);
    }

    private static ValidationProblem Invalid(string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = [message] });
}

/// <summary>Patterns restored from the file and patterns in the catalog afterwards.</summary>
public sealed record ImportResult(int Imported, int CatalogPatterns);

/// <summary>The file name written in the snapshot folder and the patterns it holds.</summary>
public sealed record SnapshotResult(string File, int Patterns);

/// <summary>Reads every pattern's full state for a catalog file.</summary>
public sealed class CatalogExporter(IGrainFactory grains, TimeProvider timeProvider)
{
    public async Task<CatalogDocument> ExportAsync()
    {
        var rows = await CatalogReader.ReadAllAsync(grains);
        var patterns = new List<CatalogPattern>(rows.Count);
        foreach (var chunk in rows.Chunk(64))
        {
            var exports = await Task.WhenAll(chunk.Select(row => grains.GetGrain<IPatternGrain>(row.PatternId).ExportAsync()));
            patterns.AddRange(exports.OfType<PatternExport>().Select(CatalogFile.ToFile));
        }

        return new CatalogDocument(CatalogFile.CurrentVersion, timeProvider.GetUtcNow(), patterns);
    }
}
