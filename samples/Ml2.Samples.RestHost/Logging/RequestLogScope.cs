using System.Collections;

namespace Ml2.Samples.RestHost.Logging;

/// <summary>
/// The logging scope of one request: a single property <c>RequestId</c> (so the JSON console formatter writes it as a
/// field of the scope) whose text form is the id itself (so the simple console formatter prints <c>=&gt; req-...</c>).
/// </summary>
/// <param name="requestId">The request id.</param>
internal sealed class RequestLogScope(string requestId) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public string RequestId { get; } = requestId;

    /// <summary>The scope property's name.</summary>
    public const string PropertyName = "RequestId";

    public int Count => 1;

    public KeyValuePair<string, object?> this[int index] =>
        index == 0 ? new(PropertyName, RequestId) : throw new ArgumentOutOfRangeException(nameof(index), index, "The scope has one property.");

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        yield return this[0];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => RequestId;
}
