namespace Lbaas.Agents;

/// <summary>What an agent reports when it has run an operation.</summary>
/// <param name="OperationId">The operation.</param>
/// <param name="AgentId">The reporting agent (reports from an agent the operation no longer belongs to are ignored).</param>
/// <param name="Succeeded">Whether the driver call succeeded.</param>
/// <param name="ErrorMessage">The driver's error when it failed, or null.</param>
public sealed record AgentOperationReport(string OperationId, string AgentId, bool Succeeded, string? ErrorMessage = null);
