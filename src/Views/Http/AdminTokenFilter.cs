using System.Security.Cryptography;
using System.Text;
using Kappa.Views.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Kappa.Views.Http;

/// <summary>
/// Guards admin endpoints: when an admin token is configured, the request must carry
/// <c>Authorization: Bearer &lt;token&gt;</c>, or it gets 401 and changes nothing.
/// The comparison takes constant time, so the token cannot be guessed byte by byte.
/// </summary>
internal sealed class AdminTokenFilter(IOptions<ViewsOptions> options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var expected = options.Value.AdminToken;
        if (expected is null)
        {
            return await next(context);
        }

        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        var presented = header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) ? header[Scheme.Length..].Trim() : string.Empty;
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected)))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Admin token required",
                detail: "this operation needs the admin token: pass --admin-token or set KAPPA_ADMIN_TOKEN");
        }

        return await next(context);
    }
}
