using Microsoft.Extensions.Logging;

namespace Ml2.TestUtilities.Tests;

/// <summary>The one log capture the test projects share: every line, its values and its exception, findable as text.</summary>
public sealed class LogCaptureTests
{
    [Fact]
    public void Log_when_a_line_has_values_and_an_exception_keeps_them_and_renders_them_as_text()
    {
        using var capture = new LogCapture();
        var logger = capture.CreateLogger("cat.egory");
        var failure = new InvalidOperationException("boom-7");
        List<KeyValuePair<string, object?>> state = [new("Device", "d-1"), new("Hosts", new[] { "h-1", "h-2" })];

        logger.Log(LogLevel.Debug, new EventId(42, "Happened"), state, failure, (_, _) => "rendered");

        var record = capture.Records.Should().ContainSingle().Subject;
        (record.Category, record.Level, record.EventId.Id, record.Message, record.Exception).Should().Be(("cat.egory", LogLevel.Debug, 42, "rendered", failure));
        capture.WithEvent("Happened").Should().ContainSingle();
        capture.WithEvent("Other").Should().BeEmpty();
        record.FullText.Should().Contain("cat.egory").And.Contain("rendered").And.Contain("Device=d-1").And.Contain("boom-7");
        capture.AllText().Should().Contain(["cat.egory", "rendered", "Device=d-1", "h-1", "h-2"]).And.Contain(t => t.Contains("boom-7"));
    }

    [Fact]
    public void Log_when_the_state_is_not_structured_captures_the_message_with_no_values()
    {
        using var capture = new LogCapture();

        capture.CreateLogger("c").Log(LogLevel.Trace, default, "plain", null, (s, _) => s);

        capture.Records.Should().ContainSingle().Which.State.Should().BeEmpty();
    }
}
