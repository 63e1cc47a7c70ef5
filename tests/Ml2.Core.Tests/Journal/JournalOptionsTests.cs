using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Ml2.Configuration;

namespace Ml2.Core.Tests.Journal;

/// <summary>The <c>ml2_journal</c> options bind with Neutron-style keys and are validated with key and value.</summary>
public sealed class JournalOptionsTests
{
    [Fact]
    public async Task Options_bind_from_the_ml_2_journal_section()
    {
        const string Json = """
            { "ml2": { "ml2_journal": {
                "journal_run_worker": false, "journal_max_attempts": 7, "journal_retry_base_delay": "00:00:02",
                "journal_retry_max_delay": "00:01:00", "journal_lock_timeout": "00:02:00", "journal_retention": "02:00:00",
                "journal_poll_interval": "00:00:03", "journal_batch_size": 50 } } }
            """;
        await using var provider = Compose(Json);

        var journal = provider.GetRequiredService<IOptions<Ml2Options>>().Value.Journal;

        journal.Should().BeEquivalentTo(new JournalOptions
        {
            RunWorker = false, MaxAttempts = 7, RetryBaseDelay = TimeSpan.FromSeconds(2), RetryMaxDelay = TimeSpan.FromMinutes(1),
            LockTimeout = TimeSpan.FromMinutes(2), Retention = TimeSpan.FromHours(2), PollInterval = TimeSpan.FromSeconds(3), BatchSize = 50,
        });
    }

    [Fact]
    public async Task Bad_values_are_all_reported_with_key_and_value()
    {
        const string Json = """
            { "ml2": { "ml2_journal": {
                "journal_max_attempts": 0, "journal_retry_base_delay": "00:00:10", "journal_retry_max_delay": "00:00:05",
                "journal_lock_timeout": "00:00:00", "journal_retention": "-00:00:01", "journal_poll_interval": "00:00:00",
                "journal_batch_size": 0 } } }
            """;
        await using var provider = Compose(Json);

        var act = () => provider.GetRequiredService<IOptions<Ml2Options>>().Value;

        act.Should().Throw<OptionsValidationException>().Which.Failures.Should().BeEquivalentTo(
            "ml2_journal:journal_max_attempts: '0' must be between 1 and 1000.",
            "ml2_journal:journal_retry_max_delay: '00:00:05' must not be less than journal_retry_base_delay ('00:00:10').",
            "ml2_journal:journal_lock_timeout: '00:00:00' must be positive.",
            "ml2_journal:journal_retention: '-00:00:01' must not be negative.",
            "ml2_journal:journal_poll_interval: '00:00:00' must be positive and at most one day.",
            "ml2_journal:journal_batch_size: '0' must be between 1 and 10000.");
    }

    private static ServiceProvider Compose(string json)
    {
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        var services = new ServiceCollection();
        services.AddMl2(configuration.GetSection("ml2"));
        return services.BuildServiceProvider();
    }
}
