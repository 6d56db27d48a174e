using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Invitations.LocalHost.Storage;

/// <summary>
/// Starts Azurite from the repository's node_modules when the app uses development storage
/// (<c>UseDevelopmentStorage=true</c>) and nothing listens on its default ports yet; stops it on exit.
/// Registered before every other hosted service, so storage is up before listeners and app start-up code run.
/// </summary>
internal sealed partial class AzuriteLauncher(Func<bool> isNeeded, string? repositoryRoot, ILogger<AzuriteLauncher> logger) : IHostedService, IDisposable
{
    public static readonly int[] DefaultPorts = [10000, 10001, 10002];
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private Process? _process;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!isNeeded())
        {
            return;
        }

        var listening = new List<int>();
        foreach (var port in DefaultPorts)
        {
            if (await IsListeningAsync(port, cancellationToken))
            {
                listening.Add(port);
            }
        }

        if (listening.Count == DefaultPorts.Length)
        {
            LogReusing(logger);
            return;
        }

        if (listening.Count > 0)
        {
            throw new InvalidOperationException(
                $"Development storage needs 127.0.0.1:10000-10002, but only {string.Join(", ", listening)} answer. Stop what holds them, or start Azurite yourself.");
        }

        var script = repositoryRoot is null ? null : Path.Combine(repositoryRoot, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (script is null || !File.Exists(script))
        {
            throw new InvalidOperationException(
                "The app uses UseDevelopmentStorage=true and no Azurite is running, but node_modules/azurite is missing: run 'npm ci' at the repository root (./run.sh does).");
        }

        var workspace = Path.Combine(repositoryRoot!, ".data", "azurite");
        Directory.CreateDirectory(workspace);
        var start = new ProcessStartInfo("node")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workspace,
        };
        foreach (var arg in new[]
                 {
                     script, "--inMemoryPersistence", "--disableTelemetry", "--skipApiVersionCheck", "--silent",
                     "--blobHost", "127.0.0.1", "--blobPort", Port(0),
                     "--queueHost", "127.0.0.1", "--queuePort", Port(1),
                     "--tableHost", "127.0.0.1", "--tablePort", Port(2),
                 })
        {
            start.ArgumentList.Add(arg);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node for Azurite.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (!string.IsNullOrWhiteSpace(e.Data))
            {
                LogAzuriteError(logger, e.Data);
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited at start with code {_process.ExitCode}.");
            }

            var up = true;
            foreach (var port in DefaultPorts)
            {
                up &= await IsListeningAsync(port, cancellationToken);
            }

            if (up)
            {
                LogStarted(logger, _process.Id);
                return;
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new InvalidOperationException($"Azurite did not listen on 127.0.0.1:10000-10002 within {StartTimeout.TotalSeconds:0} s.");
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Stop();
        return Task.CompletedTask;
    }

    public void Dispose() => Stop();

    private void OnProcessExit(object? sender, EventArgs e) => Stop();

    private void Stop()
    {
        var process = Interlocked.Exchange(ref _process, null);
        if (process is null)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
                LogStopped(logger);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        process.Dispose();
    }

    private static string Port(int index) => DefaultPorts[index].ToString(CultureInfo.InvariantCulture);

    private static async Task<bool> IsListeningAsync(int port, CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(1));
            await client.ConnectAsync("127.0.0.1", port, timeout.Token);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    [LoggerMessage(30, LogLevel.Information, "Development storage: using the Azurite already listening on 127.0.0.1:10000-10002")]
    private static partial void LogReusing(ILogger logger);

    [LoggerMessage(31, LogLevel.Information, "Development storage: started Azurite (pid {Pid}) on 127.0.0.1:10000-10002, in memory")]
    private static partial void LogStarted(ILogger logger, int pid);

    [LoggerMessage(32, LogLevel.Information, "Development storage: stopped Azurite")]
    private static partial void LogStopped(ILogger logger);

    [LoggerMessage(33, LogLevel.Warning, "Azurite: {Line}")]
    private static partial void LogAzuriteError(ILogger logger, string line);
}
