using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace Invitations.Infra.Tests;

/// <summary>The pinned Bicep CLI restored from NuGet, and a small process runner.</summary>
internal static class BicepCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    /// <summary>Path of the bicep binary; fails the calling test with a clear message when it is missing.</summary>
    public static string RequirePath()
    {
        var path = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "BicepPath")?.Value;
        Assert.False(
            string.IsNullOrEmpty(path) || !File.Exists(path),
            $"The Bicep CLI was not found at '{path}'. It comes from the NuGet package Azure.Bicep.CommandLine.linux-x64 " +
            "(pinned in Directory.Packages.props, referenced by this project); restore the solution on linux-x64.");
        return path!;
    }

    public static (int ExitCode, string Output) Run(
        string fileName, IEnumerable<string> arguments, string workingDirectory, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"Timed out after {Timeout}.\n{Read(output)}");
        }

        process.WaitForExit();
        return (process.ExitCode, Read(output));
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Read(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
