using System.Net;
using System.Net.Sockets;

namespace Invitations.TestSupport;

public static class FreePorts
{
    /// <summary>Asks the OS for a free loopback port. Another process could take it before we bind; callers retry.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
