using Microsoft.Extensions.Logging;
using Ml2.Binding;
using Ml2.Contexts;
using Ml2.Diagnostics;
using Ml2.Exceptions;
using Ml2.Managers;
using Ml2.Model;

namespace Ml2.Plugin;

/// <summary>
/// Multiple bindings per port (Neutron's <c>binding-extended</c>, used by Nova for live migration): an inactive
/// binding is bound on another host by the mechanism drivers, outside any transaction, while the active one keeps
/// serving, and stored with its own levels; activation swaps the two in one transaction with the update hooks, the
/// port before the change as the original. Only compute ports, only admins.
/// </summary>
internal sealed partial class Ml2Plugin
{
    public async ValueTask<PortHostBinding> CreatePortBindingAsync(CallerContext caller, string portId, PortBindingCreateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(portId);
        ArgumentNullException.ThrowIfNull(request);
        using var scope = Begin("create_port_binding");
        try
        {
            await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);

            InputValidation.RequireAdmin(caller, true, "create_port_binding");
            var host = PortBindingInput.Host(request.Host);
            var vnicType = PortBindingInput.VnicType(request.VnicType);
            var profile = PortBindingInput.Profile(request.Profile);

            var port = await ReadAsync(tx => tx.Ports.FindAsync(portId, cancellationToken), cancellationToken).ConfigureAwait(false)
                ?? throw new ResourceNotFoundException("Port", portId);
            RequireNewBinding(port, host);

            var bound = await BindInactiveAsync(caller, port, new PortBinding { HostId = host, VnicType = vnicType, Profile = profile }, cancellationToken).ConfigureAwait(false);
            await TransactAsync("create_port_binding", async transaction =>
            {
                var current = await transaction.Ports.FindAsync(portId, cancellationToken).ConfigureAwait(false)
                    ?? throw new ResourceNotFoundException("Port", portId);
                RequireNewBinding(current, host);
                var next = current with
                {
                    InactiveBindings = [.. current.InactiveBindings, bound],
                    RevisionNumber = current.RevisionNumber + 1,
                    UpdatedAt = _time.GetUtcNow(),
                };
                await transaction.Ports.UpdateAsync(next, current.RevisionNumber, cancellationToken).ConfigureAwait(false);
                return next;
            }, cancellationToken).ConfigureAwait(false);

            Log.PortBindingCreated(_logger, portId, host, bound.VifType, bound.Levels.Count);
            scope.Succeeded();
            return Describe(portId, bound, PortBindingStatus.Inactive);
        }
        catch (Exception ex) when (scope.Failed(ex))
        {
            throw;
        }
    }

    public async ValueTask<IReadOnlyList<PortHostBinding>> ListPortBindingsAsync(CallerContext caller, string portId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(portId);
        using var scope = Begin("get_port_bindings");
        try
        {
            InputValidation.RequireAdmin(caller, true, "get_port_binding");
            var port = await ReadBindingPortAsync(portId, cancellationToken).ConfigureAwait(false);
            scope.Succeeded();
            return
            [
                Describe(port.Id, port.Binding, PortBindingStatus.Active),
                .. port.InactiveBindings.Select(b => Describe(port.Id, b, PortBindingStatus.Inactive)),
            ];
        }
        catch (Exception ex) when (scope.Failed(ex))
        {
            throw;
        }
    }

    public async ValueTask<PortHostBinding> GetPortBindingAsync(CallerContext caller, string portId, string host, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(portId);
        ArgumentNullException.ThrowIfNull(host);
        using var scope = Begin("get_port_binding");
        try
        {
            InputValidation.RequireAdmin(caller, true, "get_port_binding");
            var port = await ReadBindingPortAsync(portId, cancellationToken).ConfigureAwait(false);
            var result = port.Binding.HostId == host
                ? Describe(port.Id, port.Binding, PortBindingStatus.Active)
                : FindInactive(port, host) is { } index
                    ? Describe(port.Id, port.InactiveBindings[index], PortBindingStatus.Inactive)
                    : throw PortBindingErrors.NotFound(portId, host);
            scope.Succeeded();
            return result;
        }
        catch (Exception ex) when (scope.Failed(ex))
        {
            throw;
        }
    }

    public async ValueTask<PortHostBinding> ActivatePortBindingAsync(CallerContext caller, string portId, string host, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(portId);
        ArgumentNullException.ThrowIfNull(host);
        using var scope = Begin("activate_port_binding");
        try
        {
            await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
            InputValidation.RequireAdmin(caller, true, "activate");

            Ml2PortContext? postcommit = null;
            var (original, activated) = await TransactAsync("activate_port_binding", async transaction =>
            {
                var current = await transaction.Ports.FindAsync(portId, cancellationToken).ConfigureAwait(false);
                var network = current is null ? null : await transaction.Networks.FindAsync(current.NetworkId, cancellationToken).ConfigureAwait(false);
                if (current is null || network is null)
                {
                    throw new ResourceNotFoundException("Port", portId);
                }

                PortBindingErrors.RequireComputePort(current);
                if (current.Binding.HostId == host)
                {
                    throw PortBindingErrors.AlreadyActive(portId, host);
                }

                var index = FindInactive(current, host) ?? throw PortBindingErrors.NotFound(portId, host);
                var target = current.InactiveBindings[index];

                // Neutron's activate: the active binding is cleared (vif type unbound, no details, no levels) and kept as
                // an inactive binding of its host; the inactive one becomes the port's binding with its own levels.
                var deactivated = current.Binding with
                {
                    VifType = VifTypes.Unbound, VifDetails = ExtensionAttributes.Empty, Levels = [], RequestedStatus = null,
                };
                var next = current with
                {
                    Binding = target,
                    InactiveBindings = [.. current.InactiveBindings.Where((_, i) => i != index), deactivated],
                    Status = ActivatedStatus(target),
                    RevisionNumber = current.RevisionNumber + 1,
                    UpdatedAt = _time.GetUtcNow(),
                };
                await transaction.Ports.UpdateAsync(next, current.RevisionNumber, cancellationToken).ConfigureAwait(false);
                var networkContext = new Ml2NetworkContext(network, null, caller, transaction);
                await _mechanisms.CallAsync(MechanismHooks.UpdatePortPrecommit, new Ml2PortContext(next, current, networkContext, caller, transaction, this), cancellationToken).ConfigureAwait(false);
                postcommit = new Ml2PortContext(next, current, networkContext.WithoutTransaction(), caller, null, this);
                return (current, next.Binding);
            }, cancellationToken).ConfigureAwait(false);

            // Neutron: update_port_postcommit failures are logged; the activation stands.
            await _mechanisms.CallAsync(MechanismHooks.UpdatePortPostcommit, postcommit!, cancellationToken).ConfigureAwait(false);
            Log.PortBindingActivated(_logger, portId, host, original.Binding.HostId);
            scope.Succeeded();
            return Describe(portId, activated, PortBindingStatus.Active);
        }
        catch (Exception ex) when (scope.Failed(ex))
        {
            throw;
        }
    }

    public async ValueTask DeletePortBindingAsync(CallerContext caller, string portId, string host, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(portId);
        ArgumentNullException.ThrowIfNull(host);
        using var scope = Begin("delete_port_binding");
        try
        {
            await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
            InputValidation.RequireAdmin(caller, true, "delete_port_binding");

            await TransactAsync("delete_port_binding", async transaction =>
            {
                var current = await transaction.Ports.FindAsync(portId, cancellationToken).ConfigureAwait(false)
                    ?? throw new ResourceNotFoundException("Port", portId);
                PortBindingErrors.RequireComputePort(current);
                if (current.Binding.HostId == host)
                {
                    // Neutron deletes the active binding too and leaves a port that can no longer be updated or deleted.
                    throw PortBindingErrors.AlreadyActive(portId, host);
                }

                var index = FindInactive(current, host) ?? throw PortBindingErrors.NotFound(portId, host);
                var next = current with
                {
                    InactiveBindings = [.. current.InactiveBindings.Where((_, i) => i != index)],
                    RevisionNumber = current.RevisionNumber + 1,
                    UpdatedAt = _time.GetUtcNow(),
                };
                await transaction.Ports.UpdateAsync(next, current.RevisionNumber, cancellationToken).ConfigureAwait(false);
                return next;
            }, cancellationToken).ConfigureAwait(false);

            Log.PortBindingDeleted(_logger, portId, host);
            scope.Succeeded();
        }
        catch (Exception ex) when (scope.Failed(ex))
        {
            throw;
        }
    }

    /// <summary>
    /// Refuses to move a port's active binding to a host where it has an inactive binding: a port has at most one
    /// binding per host (Neutron's primary key of <c>ml2_port_bindings</c>).
    /// </summary>
    private static void RequireNoInactiveBinding(Port port, string host)
    {
        if (FindInactive(port, host) is not null)
        {
            throw PortBindingErrors.AlreadyExists(port.Id, host);
        }
    }

    /// <summary>
    /// Binds a candidate binding on a copy of the port, outside any transaction, up to MaxBindTries times; the result
    /// is only returned, never committed here. A network without segments leaves it unbound, as in Neutron.
    /// </summary>
    private async ValueTask<PortBinding> BindInactiveAsync(CallerContext caller, Port port, PortBinding candidate, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= _maxBindTries; attempt++)
        {
            var network = await ReadAsync(tx => tx.Networks.FindAsync(port.NetworkId, cancellationToken), cancellationToken).ConfigureAwait(false)
                ?? throw new ResourceNotFoundException("Port", port.Id);
            if (Ml2NetworkContext.StaticSegments(network.Segments).Count == 0)
            {
                return candidate;
            }

            var context = new Ml2PortContext(port with { Binding = candidate }, null, new Ml2NetworkContext(network, null, caller, null), caller, null, this);
            var result = await _binder.BindAsync(context, cancellationToken).ConfigureAwait(false);
            if (result.Bound)
            {
                _metrics.PortBindingCompleted("bound");
                return candidate with { VifType = result.VifType, VifDetails = result.VifDetails, Levels = result.Levels, RequestedStatus = result.Status };
            }
        }

        _metrics.PortBindingCompleted("failed");
        throw new PortBindingException(port.Id, candidate.HostId);
    }

    private async ValueTask<Port> ReadBindingPortAsync(string portId, CancellationToken cancellationToken)
    {
        var port = await ReadAsync(tx => tx.Ports.FindAsync(portId, cancellationToken), cancellationToken).ConfigureAwait(false)
            ?? throw new ResourceNotFoundException("Port", portId);
        PortBindingErrors.RequireComputePort(port);
        return port;
    }

    private static void RequireNewBinding(Port port, string host)
    {
        PortBindingErrors.RequireComputePort(port);
        if (port.Binding.HostId == host)
        {
            throw PortBindingErrors.AlreadyExists(port.Id, host);
        }

        RequireNoInactiveBinding(port, host);
    }

    private static int? FindInactive(Port port, string host)
    {
        for (var i = 0; i < port.InactiveBindings.Count; i++)
        {
            if (port.InactiveBindings[i].HostId == host)
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>
    /// The port's status after an activation. Neutron sets the port DOWN and waits for the L2 agent on the new host to
    /// report it up; the SDK has no agent report, so the status the bottom driver asked for when it bound the binding
    /// stands for that report (DOWN when it asked for none, or the binding is not bound).
    /// </summary>
    private static string ActivatedStatus(PortBinding binding) =>
        binding.Levels.Count > 0 && binding.RequestedStatus is { } status ? status : ResourceStatus.Down;

    private static PortHostBinding Describe(string portId, PortBinding binding, string status) =>
        new() { PortId = portId, Binding = binding, Status = status };

    private static partial class Log
    {
        [LoggerMessage(EventId = Ml2EventIds.PortBindingCreated, EventName = nameof(PortBindingCreated), Level = LogLevel.Debug,
            Message = "Created an inactive binding of port '{PortId}' on host '{HostId}' with vif type '{VifType}' in {LevelCount} level(s).")]
        public static partial void PortBindingCreated(ILogger logger, string portId, string hostId, string vifType, int levelCount);

        [LoggerMessage(EventId = Ml2EventIds.PortBindingActivated, EventName = nameof(PortBindingActivated), Level = LogLevel.Information,
            Message = "Activated the binding of port '{PortId}' on host '{HostId}'; the binding on host '{PreviousHostId}' is now inactive.")]
        public static partial void PortBindingActivated(ILogger logger, string portId, string hostId, string previousHostId);

        [LoggerMessage(EventId = Ml2EventIds.PortBindingDeleted, EventName = nameof(PortBindingDeleted), Level = LogLevel.Debug,
            Message = "Deleted the inactive binding of port '{PortId}' on host '{HostId}'.")]
        public static partial void PortBindingDeleted(ILogger logger, string portId, string hostId);
    }
}
