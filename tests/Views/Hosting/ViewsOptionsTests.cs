using Kappa.Views.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace Kappa.Views.Tests.Hosting;

/// <summary>The views server's options come from the <c>Views</c> configuration section, then the host's own settings.</summary>
public sealed class ViewsOptionsTests
{
    [Fact]
    public void Options_are_bound_from_the_views_section_and_the_host_sets_what_it_owns()
    {
        using var provider = Provider(new() { ["Views:BlockCacheBytes"] = "268435456", ["Views:StoreDirectory"] = "/ignored" });

        var options = provider.GetRequiredService<IOptions<ViewsOptions>>().Value;

        Assert.Equal(256L << 20, options.BlockCacheBytes);
        Assert.Equal("/data/views", options.StoreDirectory);
    }

    [Fact]
    public void The_block_cache_defaults_to_64_MiB()
    {
        using var provider = Provider([]);

        Assert.Equal(64L << 20, provider.GetRequiredService<IOptions<ViewsOptions>>().Value.BlockCacheBytes);
    }

    [Theory]
    [InlineData("1048575")]
    [InlineData("0")]
    [InlineData("1099511627777")]
    public void A_block_cache_out_of_range_fails_validation_with_its_name(string bytes)
    {
        using var provider = Provider(new() { ["Views:BlockCacheBytes"] = bytes });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ViewsOptions>>().Value);
        Assert.Contains(nameof(ViewsOptions.BlockCacheBytes), error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Provider(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddKappaViewsMonitoring(o => o.StoreDirectory = "/data/views");
        return services.BuildServiceProvider();
    }
}
