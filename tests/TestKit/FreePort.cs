using System.Net;
using System.Net.Sockets;

namespace Kappa.TestKit;

/// <summary>Finds a loopback TCP port nobody listens on right now.</summary>
public static class FreePort
{
    /// <summary>A free port on 127.0.0.1; the OS picks it, so parallel tests do not collide.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
