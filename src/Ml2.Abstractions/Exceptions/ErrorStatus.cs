namespace Ml2.Exceptions;

/// <summary>
/// The status class of an SDK error: the neutron-lib base class it belongs to, with the HTTP status a REST host answers
/// for it as the value (<c>(int)status</c>).
/// </summary>
public enum ErrorStatus
{
    /// <summary>Neutron's <c>BadRequest</c>: the request is wrong and nothing was changed (HTTP 400).</summary>
    BadRequest = 400,

    /// <summary>Neutron's <c>NotAuthorized</c> / oslo.policy's <c>PolicyNotAuthorized</c> (HTTP 403).</summary>
    NotAuthorized = 403,

    /// <summary>Neutron's <c>NotFound</c>: absent, or not visible to the caller (HTTP 404).</summary>
    NotFound = 404,

    /// <summary>Neutron's <c>Conflict</c> and <c>InUse</c>: the request conflicts with the current state (HTTP 409).</summary>
    Conflict = 409,

    /// <summary>Neutron's <c>NeutronException</c>: a driver or the service failed (HTTP 500).</summary>
    InternalError = 500,

    /// <summary>The operation is not implemented (HTTP 501).</summary>
    NotImplemented = 501,

    /// <summary>Neutron's <c>ServiceUnavailable</c>: a resource is exhausted or a service is down (HTTP 503).</summary>
    ServiceUnavailable = 503,
}
