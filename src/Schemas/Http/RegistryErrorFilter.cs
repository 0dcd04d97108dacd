using Kappa.Contracts.Schemas;
using Kappa.Log.Abstractions;
using Microsoft.AspNetCore.Http;

namespace Kappa.Schemas.Http;

/// <summary>
/// Turns the registry's failures into Confluent's error answers: a <see cref="SchemaRegistryException"/> keeps
/// its code and status; a log that cannot store is Confluent's 500 with code 50001. Anything else is a bug and
/// stays an exception.
/// </summary>
internal sealed class RegistryErrorFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (SchemaRegistryException e)
        {
            return RegistryResults.Error(e);
        }
        catch (LogException e)
        {
            return RegistryResults.Error(StatusCodes.Status500InternalServerError, SchemaRegistryErrorCodes.StoreError, $"Error while storing in the schemas topic: {e.Message}");
        }
    }
}
