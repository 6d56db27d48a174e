using System.Diagnostics;
using Invitations.TestSupport;

namespace Invitations.Tests.OpenApi;

/// <summary>
/// A portal's TypeScript client generated from docs/openapi.json by openapi-typescript (pinned in package.json) compiles
/// with <c>tsc --strict</c> against TypeScriptClient.ts, whose <c>@ts-expect-error</c> lines fail the build if a problem
/// type, <c>Health.checks</c> or the webhook answer is typed loosely again.
/// </summary>
public sealed class OpenApiTypeScriptClientTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_client_generated_by_openapi_typescript_compiles_with_strict()
    {
        var generator = RepositoryPaths.Combine("node_modules", "openapi-typescript", "bin", "cli.js");
        var compiler = RepositoryPaths.Combine("node_modules", "typescript", "bin", "tsc");
        Assert.True(File.Exists(generator) && File.Exists(compiler), "openapi-typescript and typescript come from package.json: run npm ci (./test.sh does)");
        var work = Directory.CreateTempSubdirectory("openapi-ts-").FullName;
        try
        {
            File.Copy(RepositoryPaths.Combine("tests", "Invitations.Functions.Tests", "OpenApi", "TypeScriptClient.ts"), Path.Combine(work, "client.ts"));

            var generated = await NodeAsync(work, generator, RepositoryPaths.Combine("docs", "openapi.json"), "--output", Path.Combine(work, "api.d.ts"));
            Assert.True(generated.ExitCode == 0, "openapi-typescript failed:\n" + generated.Output);

            var compiled = await NodeAsync(work, compiler, "--strict", "--noEmit", "--module", "commonjs", "--target", "es2022", "client.ts");
            Assert.True(compiled.ExitCode == 0, "tsc --strict failed:\n" + compiled.Output);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> NodeAsync(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("node") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {string.Join(' ', arguments)} took longer than {Limit}.");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
