namespace Lbaas.Storage;

/// <summary>
/// What a device already carries, as <see cref="ClaimAdmission"/> reads it: the claims it holds and the networks those
/// claims wire it into. Stores implement it over their rows (usually as a struct, so judging allocates nothing);
/// <see cref="DeviceSnapshot"/> implements it for placement policies.
/// </summary>
public interface IDeviceLoad
{
    /// <summary>The load-balancer claims the device holds (one VIP slot each).</summary>
    int ClaimCount { get; }

    /// <summary>The distinct networks the device's claims wire it into.</summary>
    int NetworkCount { get; }

    /// <summary>Whether some claim already wires the device into <paramref name="networkId"/>.</summary>
    /// <param name="networkId">A network id.</param>
    /// <returns>True when the device is wired into it.</returns>
    bool IsWiredTo(string networkId);
}
