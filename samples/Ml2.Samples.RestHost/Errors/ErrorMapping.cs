using System.Text.Json;
using Ml2.Exceptions;

namespace Ml2.Samples.RestHost.Errors;

/// <summary>
/// Maps exceptions to HTTP statuses and Neutron error types. The SDK's errors carry both as data
/// (<see cref="Ml2Exception.Status"/>, <see cref="Ml2Exception.ErrorType"/>); their message is already Neutron's text.
/// </summary>
internal static class ErrorMapping
{
    public static (int Status, string Type, string Message) Map(Exception exception) => exception switch
    {
        HttpStatusException h => (h.StatusCode, h.Type, h.Message),
        BadHttpRequestException b => (b.StatusCode, "HTTPBadRequest", b.Message),
        JsonException j => (400, "HTTPBadRequest", $"Malformed JSON in request body: {j.Message}"),
        Ml2Exception e => ((int)e.Status, e.ErrorType, e.Message),
        _ => (500, "HTTPInternalServerError", "Request Failed: internal server error while processing your request."),
    };
}
