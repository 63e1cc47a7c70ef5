using Ml2.Binding;
using Ml2.Exceptions;
using Ml2.Model;

namespace Ml2.Plugin;

/// <summary>
/// Neutron's <c>update_port_binding</c> (<c>PUT /v2.0/ports/{id}/bindings/{host}</c>): the active binding changes as a
/// port update does; an inactive one is bound again outside any transaction and committed only if nobody changed it
/// meanwhile, otherwise looked at again (at most MaxBindTries times).
/// </summary>
internal sealed partial class Ml2Plugin
{
    public async ValueTask<PortHostBinding> UpdatePortBindingAsync(CallerContext caller, string portId, string host, PortBindingUpdateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(portId);
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(request);
        using var scope = Begin("update_port_binding");
        try
        {
            await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);

            InputValidation.RequireAdmin(caller, true, "update_port_binding");
            var vnicType = request.VnicType is null ? null : PortBindingInput.VnicType(request.VnicType);
            var profile = request.Profile is null ? null : PortBindingInput.Profile(request.Profile);

            for (var attempt = 1; attempt <= _maxBindTries; attempt++)
            {
                var port = await ReadBindingPortAsync(portId, cancellationToken).ConfigureAwait(false);
                if (port.Binding.HostId == host)
                {
                    // The active binding changes as a port update of its binding attributes does.
                    var updated = await UpdatePortAsync(caller, portId, new PortUpdateRequest { VnicType = vnicType, Profile = profile }, cancellationToken).ConfigureAwait(false);
                    if (updated.Binding.VifType == VifTypes.BindingFailed)
                    {
                        throw new PortBindingException(portId, host);
                    }

                    scope.Succeeded();
                    return Describe(portId, updated.Binding, PortBindingStatus.Active);
                }

                var existing = FindInactive(port, host) is { } index ? port.InactiveBindings[index] : throw PortBindingErrors.NotFound(portId, host);
                var changed = existing with { VnicType = vnicType ?? existing.VnicType, Profile = profile ?? existing.Profile };
                var inputsChanged = changed.VnicType != existing.VnicType || !ExtensionAttributes.AreEqual(changed.Profile, existing.Profile);

                // Neutron binds an inactive binding again only when it is not bound; changed inputs rebind it here too,
                // as they do for the active binding, so the vif details always match the vnic type and profile.
                var next = inputsChanged || VifTypes.IsUnbound(existing.VifType)
                    ? await BindInactiveAsync(caller, port, changed with { VifType = VifTypes.Unbound, VifDetails = ExtensionAttributes.Empty, Levels = [], RequestedStatus = null }, cancellationToken).ConfigureAwait(false)
                    : changed;
                var committed = await TransactAsync("update_port_binding", async transaction =>
                {
                    var current = await transaction.Ports.FindAsync(portId, cancellationToken).ConfigureAwait(false)
                        ?? throw new ResourceNotFoundException("Port", portId);
                    if (FindInactive(current, host) is not { } at || !SameInputs(current.InactiveBindings[at], existing))
                    {
                        return false;   // changed (or activated, or deleted) while binding: look again
                    }

                    await transaction.Ports.UpdateAsync(
                        current with
                        {
                            InactiveBindings = [.. current.InactiveBindings.Select((b, i) => i == at ? next : b)],
                            RevisionNumber = current.RevisionNumber + 1,
                            UpdatedAt = _time.GetUtcNow(),
                        },
                        current.RevisionNumber,
                        cancellationToken).ConfigureAwait(false);
                    return true;
                }, cancellationToken).ConfigureAwait(false);
                if (committed)
                {
                    scope.Succeeded();
                    return Describe(portId, next, PortBindingStatus.Inactive);
                }

                Log.BindingCommitConflict(_logger, portId);
            }

            Log.BindingCommitExhausted(_logger, portId, _maxBindTries);
            throw new PortBindingException(portId, host);
        }
        catch (Exception ex) when (scope.Failed(ex))
        {
            throw;
        }
    }

    private static bool SameInputs(PortBinding stored, PortBinding read) =>
        stored.VnicType == read.VnicType && stored.VifType == read.VifType && ExtensionAttributes.AreEqual(stored.Profile, read.Profile);
}
