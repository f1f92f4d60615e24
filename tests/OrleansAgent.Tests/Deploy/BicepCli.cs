using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;

namespace OrleansAgent.Tests.Deploy;

/// <summary>The bicep binary from the Azure.Bicep.CommandLine.linux-x64 package that the test project restores.</summary>
public static class BicepCli
{
    /// <summary>The binary's path, or <c>null</c> when the package folder or the binary is missing.</summary>
    public static string? BinaryPath
    {
        get
        {
            var folder = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(attribute => attribute.Key == "BicepPackagePath")?.Value;
            if (string.IsNullOrWhiteSpace(folder))
            {
                return null;
            }

            var binary = Path.Combine(folder, "tools", "bicep");
            return File.Exists(binary) ? binary : null;
        }
    }

    /// <summary>Why tests that need the binary are skipped on this machine, or <c>null</c> when it can run.</summary>
    public static string? SkipReason
    {
        get
        {
            if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != Architecture.X64)
            {
                return "The bicep binary in Azure.Bicep.CommandLine.linux-x64 runs on Linux x64 only.";
            }

            return BinaryPath is null ? "The Azure.Bicep.CommandLine.linux-x64 package is not restored, so there is no bicep binary." : null;
        }
    }

    /// <summary>Runs bicep with <paramref name="arguments"/> and returns its exit code and both outputs.</summary>
    public static Task<(int ExitCode, string Output)> RunAsync(params string[] arguments) =>
        RunAsync(new Dictionary<string, string?>(), arguments);

    /// <summary>
    /// Runs bicep with <paramref name="arguments"/> and <paramref name="environment"/> added to this process's
    /// environment (a <c>null</c> value removes the variable), and returns its exit code and both outputs.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The CLI would otherwise check for a newer version over the network.
        start.Environment["BICEP_TRACING_ENABLED"] = "false";
        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("bicep did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    /// <summary>NuGet does not keep file modes on every platform; a copy with the execute bit is used when needed.</summary>
    private static string Executable()
    {
        var binary = BinaryPath ?? throw new InvalidOperationException("The Azure.Bicep.CommandLine.linux-x64 package is not restored.");
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The bicep binary of Azure.Bicep.CommandLine.linux-x64 runs on Linux only.");
        }

        if (File.GetUnixFileMode(binary).HasFlag(UnixFileMode.UserExecute))
        {
            return binary;
        }

        var copy = Path.Combine(Path.GetTempPath(), "orleans-agent-bicep", "bicep");
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        File.Copy(binary, copy, overwrite: true);
        File.SetUnixFileMode(copy, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return copy;
    }
}

/// <summary>A fact that runs only when the bicep binary is available.</summary>
public sealed class BicepFactAttribute : FactAttribute
{
    public BicepFactAttribute()
    {
        Skip = BicepCli.SkipReason;
    }
}

/// <summary>A theory that runs only when the bicep binary is available.</summary>
public sealed class BicepTheoryAttribute : TheoryAttribute
{
    public BicepTheoryAttribute()
    {
        Skip = BicepCli.SkipReason;
    }
}
