using System.Collections.Concurrent;
using System.Globalization;
using Lbaas;
using Lbaas.Placement.Judging;

namespace Lbaas.Placement;

/// <summary>
/// The enabled policies in the order they run (built-in filters first, then the rest in configured order), each with
/// its weight, resolved once from <see cref="PlacementOptions"/> and the registered policies.
/// </summary>
internal sealed class PlacementPipeline
{
    private const string Removed = "device removed";

    // Per driver type: whether it overrides ILoadBalancerDriver.VetoDevice (else judging needs no snapshot for it).
    private static readonly ConcurrentDictionary<Type, bool> s_vetoes = new();

    // The built-in policies by position (null for a host's policy, judged on a snapshot).
    private readonly BuiltInPolicy?[] _builtIn;

    private PlacementPipeline(IPlacementPolicy[] policies, double[] weights, int[] scoring, bool canUseIndexes)
    {
        Policies = policies;
        _builtIn = [.. policies.Select(p => p as BuiltInPolicy)];
        Weights = weights;
        Scoring = scoring;
        ScoringNames = [.. scoring.Select(i => policies[i].Name)];
        WeightSum = weights.Sum();
        CanUseIndexes = canUseIndexes;
    }

    /// <summary>The enabled policies, in evaluation order.</summary>
    public IPlacementPolicy[] Policies { get; }

    /// <summary>Each policy's weight (0 for built-in filters).</summary>
    public double[] Weights { get; }

    /// <summary>Indexes of the policies that score (every enabled policy but the built-in filters).</summary>
    public int[] Scoring { get; }

    /// <summary>The names of the scoring policies, in <see cref="Scoring"/> order.</summary>
    public string[] ScoringNames { get; }

    /// <summary>The sum of the weights; a device's total is its weighted score divided by it.</summary>
    public double WeightSum { get; }

    /// <summary>Whether every filter the indexes apply ahead of time is enabled, so the bounded search is sound.</summary>
    public bool CanUseIndexes { get; }

    /// <summary>
    /// Judges one device: the policies in order (the first rejection decides), then the provider driver's veto; an
    /// accepted device's score is the weighted mean of the scorers. Built-in policies judge the device's facts; a host's
    /// policy and a driver that vetoes get its snapshot.
    /// </summary>
    /// <param name="request">What the load balancer needs, as judged.</param>
    /// <param name="driver">The provider's driver, or null.</param>
    /// <param name="device">The device as judged.</param>
    /// <param name="score">The device's total score when accepted, else 0.</param>
    /// <param name="rejection">Who rejected the device and why, when rejected.</param>
    /// <returns>Whether the device can take the load balancer.</returns>
    public bool Judge(in JudgedRequest request, ILoadBalancerDriver? driver, in JudgedDevice device, out double score, out DeviceRejection rejection)
    {
        var policies = Policies;
        var weights = Weights;
        var sum = 0.0;
        for (var i = 0; i < policies.Length; i++)
        {
            var verdict = Evaluate(i, request, device);
            if (verdict.RejectionReason is { } reason)
            {
                score = 0;
                rejection = new DeviceRejection(device.Id, policies[i].Name, reason);
                return false;
            }

            sum += weights[i] * verdict.Score;
        }

        if (driver is not null && Vetoes(driver) && (device.Snapshot is { } snapshot ? driver.VetoDevice(request.Request, snapshot) : Removed) is { } veto)
        {
            score = 0;
            rejection = new DeviceRejection(device.Id, PlacementPolicyNames.Driver, veto);
            return false;
        }

        score = WeightSum > 0 ? sum / WeightSum : 0;
        rejection = null!;
        return true;
    }

    /// <summary>Judges a snapshot (as <see cref="Judge(in JudgedRequest, ILoadBalancerDriver?, in JudgedDevice, out double, out DeviceRejection)"/>).</summary>
    public bool Judge(PlacementRequest request, ILoadBalancerDriver? driver, DeviceSnapshot snapshot, out double score, out DeviceRejection rejection) =>
        Judge(JudgedRequest.Relative(request), driver, JudgedDevice.Of(snapshot, request), out score, out rejection);

    /// <summary>The chosen device's share of its total score per scoring policy (for the placement's explanation).</summary>
    /// <param name="request">What the load balancer needs, as judged.</param>
    /// <param name="device">The device as judged.</param>
    /// <returns>The scores by policy name.</returns>
    public ScoreBreakdown Explain(in JudgedRequest request, in JudgedDevice device)
    {
        Span<double> shares = Scoring.Length <= ScoreBreakdown.Inline ? stackalloc double[ScoreBreakdown.Inline] : new double[Scoring.Length];
        shares = shares[..Scoring.Length];
        for (var j = 0; j < Scoring.Length; j++)
        {
            var i = Scoring[j];
            shares[j] = WeightSum > 0 ? Weights[i] * Evaluate(i, request, device).Score / WeightSum : 0;
        }

        return new ScoreBreakdown(ScoringNames, shares);
    }

    /// <summary>Explains a snapshot's score (as <see cref="Explain(in JudgedRequest, in JudgedDevice)"/>).</summary>
    public ScoreBreakdown Explain(PlacementRequest request, DeviceSnapshot snapshot) =>
        Explain(JudgedRequest.Relative(request), JudgedDevice.Of(snapshot, request));

    private PlacementVerdict Evaluate(int i, in JudgedRequest request, in JudgedDevice device) =>
        _builtIn[i] is { } builtIn
            ? builtIn.Evaluate(request, device)
            : device.Snapshot is { } snapshot ? Policies[i].Evaluate(request.Request, snapshot) : PlacementVerdict.Reject(Removed);

    private static bool Vetoes(ILoadBalancerDriver driver) =>
        s_vetoes.GetOrAdd(driver.GetType(), static type =>
        {
            var map = type.GetInterfaceMap(typeof(ILoadBalancerDriver));
            var at = Array.FindIndex(map.InterfaceMethods, m => m.Name == nameof(ILoadBalancerDriver.VetoDevice));
            return at < 0 || map.TargetMethods[at].DeclaringType != typeof(ILoadBalancerDriver);
        });

    /// <summary>Resolves the pipeline, collecting every problem.</summary>
    /// <param name="options">The options.</param>
    /// <param name="registered">The registered policies (built-in and the host's).</param>
    /// <param name="errors">Receives every problem, with the offending key and value.</param>
    /// <returns>The pipeline, or null when there are errors.</returns>
    public static PlacementPipeline? Build(PlacementOptions options, IEnumerable<IPlacementPolicy> registered, ICollection<string> errors)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(registered);
        ArgumentNullException.ThrowIfNull(errors);
        var initialErrors = errors.Count;
        var byName = new Dictionary<string, IPlacementPolicy>(StringComparer.OrdinalIgnoreCase);
        var hostPolicies = new List<string>();
        foreach (var policy in registered.Distinct())
        {
            var name = policy.Name;
            if (string.IsNullOrWhiteSpace(name))
            {
                errors.Add($"IPlacementPolicy: {policy.GetType().FullName} has no name.");
            }
            else if (string.Equals(name, PlacementPolicyNames.Driver, StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"IPlacementPolicy: '{name}' ({policy.GetType().FullName}) is reserved for the provider's driver.");
            }
            else if (byName.TryGetValue(name, out var other))
            {
                errors.Add($"IPlacementPolicy: more than one policy is named '{name}' ({other.GetType().FullName}, {policy.GetType().FullName}).");
            }
            else
            {
                byName.Add(name, policy);
                if (!BuiltInPlacementPolicies.IsBuiltIn(name))
                {
                    hostPolicies.Add(name);
                }
            }
        }

        var known = string.Join(", ", byName.Keys.Order(StringComparer.Ordinal));
        List<string> enabled;
        if (options.EnabledPolicies is not { Count: > 0 } configured)
        {
            enabled = [.. BuiltInPlacementPolicies.Filters, .. hostPolicies, .. BuiltInPlacementPolicies.DefaultScorers];
        }
        else
        {
            enabled = [];
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var name in configured)
            {
                if (string.IsNullOrWhiteSpace(name) || !byName.ContainsKey(name))
                {
                    errors.Add($"EnabledPolicies: '{name}' is not a placement policy (known: {known}).");
                }
                else if (!seen.Add(name))
                {
                    errors.Add($"EnabledPolicies: '{name}' is listed more than once.");
                }
                else
                {
                    enabled.Add(name);
                }
            }

            // Built-in filters first, in their canonical order; the rest keep the configured order.
            enabled = [.. BuiltInPlacementPolicies.Filters.Where(seen.Contains), .. enabled.Where(n => !BuiltInPlacementPolicies.IsFilter(n))];
        }

        var weights = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, weight) in options.Weights ?? new Dictionary<string, double>())
        {
            var shown = weight.ToString(CultureInfo.InvariantCulture);
            if (string.IsNullOrWhiteSpace(name) || !byName.ContainsKey(name))
            {
                errors.Add($"Weights: '{name}' is not a placement policy (known: {known}).");
            }
            else if (BuiltInPlacementPolicies.IsFilter(name))
            {
                errors.Add($"Weights:{name}: '{shown}' - '{name}' is a filter; it does not score, so it takes no weight.");
            }
            else if (!double.IsFinite(weight) || weight < 0)
            {
                errors.Add($"Weights:{name}: '{shown}' must be a finite number, 0 or more.");
            }
            else if (!weights.TryAdd(name, weight))
            {
                errors.Add($"Weights: '{name}' is given more than once.");
            }
        }

        if (options.TopK < 1)
        {
            errors.Add($"TopK: '{options.TopK}' must be 1 or more.");
        }

        if (options.MaxClaimRetries is < 1 or > 100)
        {
            errors.Add($"MaxClaimRetries: '{options.MaxClaimRetries}' must be between 1 and 100.");
        }

        if (options.MinFeasibleDevices < 0)
        {
            errors.Add($"MinFeasibleDevices: '{options.MinFeasibleDevices}' must be 0 or more.");
        }

        if (errors.Count > initialErrors)
        {
            return null;
        }

        var policies = enabled.Select(n => byName[n]).ToArray();
        var policyWeights = enabled.Select(n => BuiltInPlacementPolicies.IsFilter(n) ? 0 : weights.GetValueOrDefault(n, 1)).ToArray();
        var scoring = Enumerable.Range(0, enabled.Count).Where(i => !BuiltInPlacementPolicies.IsFilter(enabled[i])).ToArray();
        var canUseIndexes = BuiltInPlacementPolicies.Indexed.All(n => enabled.Contains(n, StringComparer.OrdinalIgnoreCase));
        return new PlacementPipeline(policies, policyWeights, scoring, canUseIndexes);
    }
}
