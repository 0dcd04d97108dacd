using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Kappa.Contracts;
using Kappa.Contracts.Topics;
using Kappa.Log.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Kappa.Views.Tests.Http;

/// <summary>Produce with <c>value_format: binary</c>: base64 values are stored as their bytes (how Avro reaches the log).</summary>
public sealed class BinaryProduceTests : IAsyncLifetime
{
    private ApiFixture _api = null!;

    public async Task InitializeAsync() => _api = await ApiFixture.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Base64_values_are_stored_as_their_bytes_and_null_stays_a_tombstone()
    {
        byte[] bytes = [0, 0, 0, 0, 7, 0xff, 0x80];
        var request = new ProduceRequest(
            [new ProduceRecord("k", JsonSerializer.SerializeToElement(Convert.ToBase64String(bytes)), 1_000, 0), new ProduceRecord(null, JsonSerializer.SerializeToElement<string?>(null), 1_001, 0)],
            ProduceValueFormat.Binary);

        using var response = await _api.Client.PostAsJsonAsync("/topics/frames/records", request, KappaJson.Options);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var consumer = _api.App.Services.GetRequiredService<ILog>().CreateConsumer("test");
        consumer.Assign([new TopicPartitionOffset("frames", 0, LogOffset.Beginning)]);
        var batch = await consumer.PollAsync(10, TimeSpan.FromSeconds(5));
        Assert.Equal(2, batch.Count);
        Assert.Equal(bytes, batch.Records[0].Value!.Value.ToArray());
        Assert.Equal("k", Encoding.UTF8.GetString(batch.Records[0].Key!.Value.Span));
        Assert.Null(batch.Records[1].Value);
        Assert.Null(batch.Records[1].Key);
    }

    [Theory]
    [InlineData("""{"value_format":"binary","records":[{"value":"not base64!"}]}""")]
    [InlineData("""{"value_format":"binary","records":[{"value":{"a":1}}]}""")]
    public async Task Values_that_are_not_base64_get_400(string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");

        using var response = await _api.Client.PostAsync("/topics/frames/records", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("base64", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
