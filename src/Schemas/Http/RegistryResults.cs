using Kappa.Contracts.Schemas;
using Microsoft.AspNetCore.Http;

namespace Kappa.Schemas.Http;

/// <summary>Answers in Confluent's content type and JSON names, errors as <c>{"error_code":..,"message":..}</c>.</summary>
internal static class RegistryResults
{
    public static IResult Ok<T>(T value) =>
        Results.Json(value, SchemaRegistryJson.Options, SchemaRegistryMediaTypes.V1Json, StatusCodes.Status200OK);

    public static IResult Error(SchemaRegistryException e) => Error(e.StatusCode, e.ErrorCode, e.Message);

    public static IResult Error(int status, int errorCode, string message) =>
        Results.Json(new SchemaRegistryError(errorCode, message), SchemaRegistryJson.Options, SchemaRegistryMediaTypes.V1Json, status);
}
