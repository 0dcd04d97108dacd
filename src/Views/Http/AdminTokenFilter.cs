using System.Net;
using System.Security.Cryptography;
using System.Text;
using Kappa.Views.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Kappa.Views.Http;

/// <summary>
/// Guards admin endpoints: when an admin token is configured, the request must carry
/// <c>Authorization: Bearer &lt;token&gt;</c>, or it gets 401 and changes nothing.
/// The comparison takes constant time, so the token cannot be guessed byte by byte. Without a configured token, admin
/// operations are accepted only from this machine (a loopback peer, or an in-process caller that has no peer): a
/// server reachable from the network never runs them for a stranger just because nobody set a token. An empty token
/// counts as none. Behind a reverse proxy on the same machine every caller is a loopback peer: configure a token there.
/// <para>
/// The check runs twice over, by design: as middleware (<see cref="AdminTokenMiddleware"/>), before the request body
/// is read, so a caller without the token learns nothing but 401 even from a malformed body; and as this endpoint
/// filter, so an admin endpoint stays guarded in a host that forgot the middleware.
/// </para>
/// </summary>
internal sealed class AdminTokenFilter(IOptions<ViewsOptions> options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        Authorized(context.HttpContext, options.Value.AdminToken) ? await next(context) : Unauthorized(options.Value.AdminToken);

    /// <summary>Whether the request may run an admin operation.</summary>
    public static bool Authorized(HttpContext context, string? expected)
    {
        if (string.IsNullOrEmpty(expected))
        {
            // An empty token (KAPPA_ADMIN_TOKEN= left in an environment file) is no token: it must not match an
            // empty Authorization header.
            return context.Connection.RemoteIpAddress is not { } peer || IPAddress.IsLoopback(peer);
        }

        var header = context.Request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        var presented = header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) ? header[Scheme.Length..].Trim() : string.Empty;
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));
    }

    /// <summary>The answer to a request without the right token.</summary>
    public static IResult Unauthorized(string? expected) => TypedResults.Problem(
        statusCode: StatusCodes.Status401Unauthorized,
        title: "Admin token required",
        detail: string.IsNullOrEmpty(expected)
            ? "this server has no admin token, so it runs admin operations only for callers on its own machine: start it with --admin-token (or KAPPA_ADMIN_TOKEN) to allow them from elsewhere"
            : "this operation needs the admin token: pass --admin-token or set KAPPA_ADMIN_TOKEN");
}
