namespace Lbaas.Service;

/// <summary>New object and operation ids: version-7 GUIDs (time-ordered) on the injected clock.</summary>
internal static class LbaasIds
{
    /// <summary>A new id stamped with <paramref name="time"/>'s current time.</summary>
    public static string New(TimeProvider time) => Guid.CreateVersion7(time.GetUtcNow()).ToString();
}
