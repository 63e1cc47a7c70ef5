namespace Ml2.Storage.Relational.Migrations;

/// <summary>
/// The schema of one feature (ML2, LBaaS) on one database product: its forward-only steps and the table recording
/// which of them ran. Each feature migrates its own tables only, so an ML2-only host creates no LBaaS table.
/// </summary>
/// <param name="Feature">The feature, for messages: <c>ml2</c>, <c>lbaas</c>.</param>
/// <param name="HistoryTable">The table recording the applied steps (version, name, applied_at).</param>
/// <param name="Steps">The steps, in version order; versions increase but need not be consecutive.</param>
/// <param name="AdoptedFrom">
/// A history table written by an older SDK that held this feature's steps too (one history for every feature): the
/// first migration copies the rows of this set's versions from it, so a database made by that SDK is not migrated twice.
/// </param>
internal sealed record MigrationSet(string Feature, string HistoryTable, IReadOnlyList<Migration> Steps, string? AdoptedFrom = null)
{
    /// <summary>The version of the last step, 0 when there is none.</summary>
    public int LatestVersion => Steps.Count == 0 ? 0 : Steps[^1].Version;
}
