using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Kappa.Views.Http;

/// <summary>Marks endpoints as admin operations, which need the admin token.</summary>
internal static class AdminEndpoints
{
    /// <summary>Guards the endpoint with the admin token, in the middleware and in an endpoint filter.</summary>
    public static RouteHandlerBuilder RequireAdminToken(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(AdminEndpoint.Instance).AddEndpointFilter<AdminTokenFilter>();
}

/// <summary>The metadata of an admin endpoint.</summary>
internal sealed class AdminEndpoint
{
    public static AdminEndpoint Instance { get; } = new();
}
