using System.Globalization;
using System.Net.Http.Json;
using Kappa.Contracts;
using Kappa.Contracts.Queries;
using Kappa.Log.Lag;
using Kappa.TestKit;
using Microsoft.Playwright;
using Xunit;

namespace Kappa.Cli.Tests.EndToEnd;

/// <summary>
/// The dashboard in headless Chromium (Debian's package, driven by Playwright; no browser download) against a real
/// <c>kappa run</c>: once the server is idle, every number on the page equals <c>/views</c> and <c>/lag</c>. The
/// screenshot is kept in .build/test-results/artifacts/dashboard.png.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DashboardTests : IDisposable
{
    private const string View = "events_per_key_hourly";
    private readonly TempDirectory _dir = new("dashboard");

    [Fact]
    public async Task The_page_shows_the_views_and_the_lag_the_api_reports()
    {
        await using var server = await KappaServerProcess.StartAsync(_dir.Combine("data"));
        var produce = await KappaCli.RunAsync(
            ["produce", "events", "--key", "user", "--time", "ts", "--url", server.Url.ToString()],
            stdin: string.Join('\n', Enumerable.Range(0, 40).Select(i => $$"""{"user":"u{{i % 7}}","ts":"2026-11-22T{{10 + (i % 3):D2}}:{{i:D2}}:00Z"}""")) + "\n");
        Assert.True(produce.ExitCode == 0, produce.Stderr);
        using var http = new HttpClient { BaseAddress = server.Url };
        var (views, lag) = await WaitForIdleAsync(http, records: 40);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath(), Headless = true });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1100 } });
        await page.GotoAsync(new Uri(server.Url, "?interval=250").ToString());

        // The page polls on its own; two polls after the server went idle, it shows the idle state.
        await page.WaitForFunctionAsync("() => Number(document.body.dataset.polls ?? 0) >= 3");
        var row = page.Locator($"tr[data-view=\"{View}\"]");
        var counters = views.Views.Single().Counters!;
        Assert.Equal(Number(counters.In), await Text(row, "in"));
        Assert.Equal(Number(counters.Applied), await Text(row, "applied"));
        Assert.Equal(Number(counters.Filtered), await Text(row, "filtered"));
        Assert.Equal(Number(counters.DeadLettered), await Text(row, "dead_lettered"));
        Assert.Equal(Number(counters.Late), await Text(row, "late"));
        Assert.Equal(Number(views.Views.Single().Versions.Single().Rows), await Text(row, "rows"));
        Assert.Equal("v1 active (active)", await Text(row, "versions"));

        var body = page.Locator("body");
        Assert.Equal("ok", await body.Locator("[data-field=lag-status]").TextContentAsync());
        Assert.Equal(Number(lag.LagRecords), await Text(body, "lag-records"));
        Assert.Equal("0", await Text(body, "lag-seconds"));
        Assert.Equal(lag.Groups.Count.ToString(CultureInfo.InvariantCulture), await Text(body, "lag-groups"));
        Assert.Equal(lag.Groups.Select(g => g.Group), await body.Locator("[data-group] [data-field=group]").AllTextContentsAsync());
        foreach (var group in lag.Groups)
        {
            var card = page.Locator($"[data-group=\"{group.Group}\"]");
            Assert.Equal(Number(group.LagRecords), await Text(card, "records"));
            Assert.Equal("0", await Text(card, "seconds"));
            Assert.Equal("ok", await card.Locator("h3 [data-field=status]").TextContentAsync());
        }

        Assert.Contains(lag.Groups, g => g.Group == $"_kappa.processor.{View}.v1");
        await page.ScreenshotAsync(new() { Path = TestArtifacts.PathFor("dashboard.png"), FullPage = true });
    }

    public void Dispose() => _dir.Dispose();

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static Task<string> Text(ILocator scope, string field) => scope.Locator($"[data-field=\"{field}\"]").First.InnerTextAsync();

    /// <summary>Debian's chromium, which scripts/bootstrap.sh installs; KAPPA_CHROMIUM overrides the path.</summary>
    private static string ChromiumPath()
    {
        var path = Environment.GetEnvironmentVariable("KAPPA_CHROMIUM") is { Length: > 0 } custom ? custom : "/usr/bin/chromium";
        return File.Exists(path) ? path : throw new FileNotFoundException($"no Chromium at {path}: run scripts/bootstrap.sh (apt package chromium) or set KAPPA_CHROMIUM");
    }

    /// <summary>Waits until every input record is processed and every group has caught up; returns /views and /lag then.</summary>
    private static async Task<(ViewsResponse Views, LagReport Lag)> WaitForIdleAsync(HttpClient http, long records)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var views = (await http.GetFromJsonAsync<ViewsResponse>("views", KappaJson.Options))!;
            var lag = (await http.GetFromJsonAsync<LagReport>("lag", KappaJson.Options))!;
            if (views.Views.Single().Counters?.In == records && lag.Groups.Count >= 2 && lag.LagRecords == 0 && lag.Status == LagStatus.Ok)
            {
                return (views, lag);
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the server did not go idle");
    }
}
