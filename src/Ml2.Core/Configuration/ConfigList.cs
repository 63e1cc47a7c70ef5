namespace Ml2.Configuration;

/// <summary>Splits configuration lists whose entries may themselves be comma-separated (<c>"vlan,vxlan"</c>).</summary>
internal static class ConfigList
{
    public static IReadOnlyList<string> Split(IEnumerable<string>? entries)
    {
        if (entries is null)
        {
            return [];
        }

        var result = new List<string>();
        foreach (var entry in entries)
        {
            if (entry is null)
            {
                continue;
            }

            foreach (var part in entry.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                result.Add(part);
            }
        }

        return result;
    }
}
