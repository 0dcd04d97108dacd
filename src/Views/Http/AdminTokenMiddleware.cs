using Kappa.Views.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Kappa.Views.Http;

/// <summary>
/// Answers 401 to a request for an admin endpoint (one marked by <see cref="AdminEndpoints.RequireAdminToken"/>)
/// without the admin token, before its body is bound: routing has chosen the endpoint by then, binding has not run.
/// </summary>
internal sealed class AdminTokenMiddleware(RequestDelegate next, IOptions<ViewsOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<AdminEndpoint>() is not null
            && !AdminTokenFilter.Authorized(context, options.Value.AdminToken))
        {
            await AdminTokenFilter.Unauthorized(options.Value.AdminToken).ExecuteAsync(context);
            return;
        }

        await next(context);
    }
}
