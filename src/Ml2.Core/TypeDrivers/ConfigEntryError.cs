namespace Ml2.TypeDrivers;

/// <summary>One bad configuration list entry and what is wrong with it (in Neutron's wording where Neutron has one).</summary>
/// <param name="Entry">The entry as configured.</param>
/// <param name="Message">The error.</param>
internal readonly record struct ConfigEntryError(string Entry, string Message)
{
    /// <summary>The message, followed by the entry unless the message already quotes it.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        Message.Contains($"'{Entry}'", StringComparison.Ordinal) ? Message : $"{Message} (entry '{Entry}')";
}
