using Kappa.Processor.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace Kappa.Processor.Tests.Hosting;

/// <summary>The processor's options come from the <c>Processor</c> configuration section, then the host's own settings.</summary>
public sealed class ProcessorOptionsTests
{
    [Fact]
    public void Options_are_bound_from_the_processor_section_and_the_host_sets_what_it_owns()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Processor:CommitInterval"] = "00:00:01",
            ["Processor:CatchUpCommitInterval"] = "00:00:10",
            ["Processor:CommitMaxDirtyRows"] = "50000",
            ["Processor:CacheMaxRows"] = "250000",
            ["Processor:StateDirectory"] = "/ignored",
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddKappaProcessor(o => o.StateDirectory = "/data/state");
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<ProcessorOptions>>().Value;

        Assert.Equal(TimeSpan.FromSeconds(1), options.CommitInterval);
        Assert.Equal(TimeSpan.FromSeconds(10), options.CatchUpCommitInterval);
        Assert.Equal(50_000, options.CommitMaxDirtyRows);
        Assert.Equal(250_000, options.CacheMaxRows);
        Assert.Equal(10_000, options.MaxPollRecords);
        Assert.Equal("/data/state", options.StateDirectory);
    }

    [Fact]
    public void A_bad_setting_fails_validation_with_its_name()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Processor:CommitMaxDirtyRows"] = "10",
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddKappaProcessor(o => o.StateDirectory = "/data/state");
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ProcessorOptions>>().Value);
        Assert.Contains(nameof(ProcessorOptions.CommitMaxDirtyRows), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lifecycle_options_are_bound_from_the_lifecycle_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Lifecycle:RetainRetired"] = "5",
            ["Lifecycle:RetiredRetention"] = "30.00:00:00",
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddKappaLifecycle(o => o.LocalCopyPath = "/data/lifecycle.json");
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<Kappa.Processor.Lifecycle.LifecycleOptions>>().Value;

        Assert.Equal(5, options.RetainRetired);
        Assert.Equal(TimeSpan.FromDays(30), options.RetiredRetention);
        Assert.Equal("/data/lifecycle.json", options.LocalCopyPath);
    }
}
