namespace Ml2.Model;

/// <summary>Values of a port's <c>binding:vnic_type</c>.</summary>
public static class VnicTypes
{
    /// <summary>A normal virtual NIC (the default).</summary>
    public const string Normal = "normal";

    /// <summary>SR-IOV direct.</summary>
    public const string Direct = "direct";

    /// <summary>macvtap.</summary>
    public const string Macvtap = "macvtap";

    /// <summary>A bare-metal server port.</summary>
    public const string Baremetal = "baremetal";

    /// <summary>SR-IOV physical function passthrough.</summary>
    public const string DirectPhysical = "direct-physical";

    /// <summary>virtio forwarder.</summary>
    public const string VirtioForwarder = "virtio-forwarder";

    /// <summary>Smart NIC.</summary>
    public const string SmartNic = "smart-nic";

    /// <summary>vDPA.</summary>
    public const string Vdpa = "vdpa";

    /// <summary>Accelerator, direct.</summary>
    public const string AcceleratorDirect = "accelerator-direct";

    /// <summary>Accelerator, direct physical.</summary>
    public const string AcceleratorDirectPhysical = "accelerator-direct-physical";

    /// <summary>Remote managed.</summary>
    public const string RemoteManaged = "remote-managed";

    /// <summary>Every valid vnic type.</summary>
    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        Normal, Direct, Macvtap, Baremetal, DirectPhysical, VirtioForwarder, SmartNic, Vdpa,
        AcceleratorDirect, AcceleratorDirectPhysical, RemoteManaged,
    };
}
