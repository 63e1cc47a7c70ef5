using System.Text.Json;
using Lbaas.Service;
using Ml2.Exceptions;

namespace Ml2.Samples.RestHost.Errors;

/// <summary>Maps the SDK's exceptions to HTTP statuses and Neutron error types, keeping the SDK's message.</summary>
internal static class ErrorMapping
{
    public static (int Status, string Type, string Message) Map(Exception exception) => exception switch
    {
        HttpStatusException h => (h.StatusCode, h.Type, h.Message),
        BadHttpRequestException b => (b.StatusCode, "HTTPBadRequest", b.Message),
        JsonException j => (400, "HTTPBadRequest", $"Malformed JSON in request body: {j.Message}"),
        InvalidInputException e => (400, "InvalidInput", e.Message),
        ResourceNotFoundException e => (404, $"{e.ResourceType.Replace(" ", "", StringComparison.Ordinal)}NotFound", e.Message),
        NotAuthorizedException e => (403, "PolicyNotAuthorized", e.Message),
        SegmentInUseException e => (409, e.NetworkType switch
        {
            "vlan" => "VlanIdInUse",
            "flat" => "FlatNetworkInUse",
            _ => "TunnelIdInUse",
        }, e.Message),
        ResourceInUseException e => (409, $"{e.ResourceType}InUse", e.Message),
        AddressInUseException e => (409, e.Field == "mac_address" ? "MacAddressInUse" : "IpAddressInUse", e.Message),
        IpAddressGenerationFailureException e => (409, "IpAddressGenerationFailure", e.Message),
        ImmutableObjectException e => (409, "ImmutableObject", e.Message),
        ConflictException e => (409, "Conflict", e.Message),
        NoNetworkAvailableException e => (503, "NoNetworkAvailable", e.Message),
        NoEligibleDeviceException e => (503, "NoEligibleDevice", e.Message),
        MechanismDriverException e => (500, "MechanismDriverError", e.Message),
        ExtensionDriverException e => (500, "ExtensionDriverError", e.Message),
        Ml2Exception e => (500, "NeutronException", e.Message),
        _ => (500, "HTTPInternalServerError", "Request Failed: internal server error while processing your request."),
    };
}
