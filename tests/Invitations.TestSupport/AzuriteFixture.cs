using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Xunit;

namespace Invitations.TestSupport;

/// <summary>
/// One Azurite process per test collection, on free loopback ports, in memory. Tests never share a
/// developer's running Azurite, so runs are hermetic. Azurite comes from the repository's node_modules
/// (pinned in package.json; ./test.sh runs npm ci).
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public const string AccountName = "devstoreaccount1";
    // The well-known, public development-storage key of Azurite (not a secret).
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>Node starts Azurite in a second or two, but far slower on a machine that several test runs share.</summary>
    private const int StartTimeoutSeconds = 90;

    private Process? _process;
    private readonly StringBuilder _output = new();

    public int BlobPort { get; private set; }
    public int QueuePort { get; private set; }
    public int TablePort { get; private set; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{AccountName};" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/{AccountName};" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/{AccountName};";

    public bool IsRunning => _process is { HasExited: false };

    public async Task InitializeAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartAsync();
                return;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // A chosen port was taken between probing and binding; pick new ones.
                await StopAsync();
            }
        }
    }

    public Task DisposeAsync() => StopAsync();

    /// <summary>Starts Azurite again on the same ports (after <see cref="StopAsync"/>); data is gone (in memory).</summary>
    public Task RestartAsync() => StartAsync(keepPorts: true);

    public async Task StartAsync(bool keepPorts = false)
    {
        if (IsRunning)
        {
            return;
        }

        if (!keepPorts || BlobPort == 0)
        {
            BlobPort = FreePorts.Next();
            QueuePort = FreePorts.Next();
            TablePort = FreePorts.Next();
        }

        var script = RepositoryPaths.Combine("node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script))
        {
            throw new FileNotFoundException("Azurite is not installed. Run ./test.sh (it runs 'npm ci') or 'npm ci' at the repository root.", script);
        }

        var workspace = Directory.CreateTempSubdirectory("azurite-test-").FullName;
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workspace,
        };
        foreach (var arg in new[]
                 {
                     script, "--inMemoryPersistence", "--disableTelemetry", "--skipApiVersionCheck", "--silent",
                     "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--queueHost", "127.0.0.1", "--queuePort", QueuePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                 })
        {
            start.ArgumentList.Add(arg);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(StartTimeoutSeconds);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException("Azurite exited at start: " + Output);
            }

            if (await IsListeningAsync(BlobPort) && await IsListeningAsync(QueuePort) && await IsListeningAsync(TablePort))
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"Azurite did not listen within {StartTimeoutSeconds} s: " + Output);
    }

    /// <summary>
    /// Freezes Azurite (SIGSTOP): it keeps its ports and accepts connections but answers nothing, like storage that
    /// hangs. Dispose the result to let it go on (SIGCONT); requests it had received are then processed.
    /// </summary>
    public IDisposable Freeze()
    {
        var process = _process is { HasExited: false } running ? running : throw new InvalidOperationException("Azurite is not running.");
        Signal(process.Id, "STOP");
        return new Thaw(process.Id);
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })
            ?? throw new InvalidOperationException("Could not run kill.");
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {pid} failed with exit code {kill.ExitCode}.");
        }
    }

    private sealed class Thaw(int pid) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                Signal(pid, "CONT");
            }
        }
    }

    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        _process = null;
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static async Task<bool> IsListeningAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
