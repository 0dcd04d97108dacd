using Kappa.Contracts.Avro;
using Kappa.Contracts.Avro.Confluent;
using Kappa.Contracts.Schemas;
using Xunit;

namespace Kappa.Schemas.Tests.Http;

/// <summary>Kappa's REST client against the embedded registry: every call, and each error code as its exception.</summary>
public sealed class SchemaRegistryClientTests : IAsyncLifetime
{
    private static readonly AvroSchema Bid = AvroSchema.Parse("""
        {"type":"record","name":"Bid","namespace":"nexmark","fields":[{"name":"auction","type":"long"},{"name":"price","type":"long"}]}
        """);

    private static readonly AvroSchema BidV2 = AvroSchema.Parse("""
        {"type":"record","name":"Bid","namespace":"nexmark","fields":[{"name":"auction","type":"long"},{"name":"price","type":"long"},
          {"name":"channel","type":"string","default":"web"}]}
        """);

    private static readonly AvroSchema BidBreaking = AvroSchema.Parse("""
        {"type":"record","name":"Bid","namespace":"nexmark","fields":[{"name":"auction","type":"string"}]}
        """);

    private RegistryFixture _fixture = null!;

    private SchemaRegistryClient Client => _fixture.Client;

    public async Task InitializeAsync() => _fixture = await RegistryFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task Register_lookup_latest_versions_and_subjects()
    {
        var subject = SubjectNames.For(SubjectNameStrategy.Topic, "bids", Bid);
        var id1 = await Client.RegisterAsync(subject, Bid);
        var id2 = await Client.RegisterAsync(subject, BidV2);

        Assert.Equal(new RegisteredSchema(subject, 1, id1, Bid.ToJson()), await Client.LookupAsync(subject, Bid));
        Assert.Equal(2, (await Client.GetLatestAsync(subject)).Version);
        Assert.Equal(id1, (await Client.GetVersionAsync(subject, 1)).Id);
        Assert.Equal([1, 2], await Client.GetVersionsAsync(subject));
        Assert.Equal(["bids-value"], await Client.GetSubjectsAsync());
        Assert.NotEqual(id1, id2);
    }

    [Fact]
    public async Task Schemas_by_id_serve_the_deserializer_and_unknown_ids_are_unknown_schema_exceptions()
    {
        var id = await Client.RegisterAsync("bids-value", Bid);
        // A second client has an empty cache, so the schema comes over HTTP.
        using var fresh = new SchemaRegistryClient(_fixture.Http);
        var record = new AvroRecord((AvroRecordSchema)Bid) { ["auction"] = 1L, ["price"] = 99L };
        var framed = new ConfluentAvroSerializer(id, Bid).Serialize(record);

        var decoded = (AvroRecord)(await new ConfluentAvroDeserializer(fresh, BidV2).DeserializeAsync(framed))!;

        Assert.Equal(99L, decoded["price"]);
        Assert.Equal("web", decoded["channel"]);
        var e = await Assert.ThrowsAsync<UnknownSchemaException>(async () => await fresh.GetSchemaAsync(4242));
        Assert.IsType<SchemaNotFoundException>(e.InnerException);
    }

    [Fact]
    public async Task Error_codes_become_their_exceptions()
    {
        await Client.RegisterAsync("bids-value", Bid);

        var incompatible = await Assert.ThrowsAsync<IncompatibleSchemaException>(() => Client.RegisterAsync("bids-value", BidBreaking));
        Assert.Equal(409, incompatible.ErrorCode);
        Assert.Equal(40401, (await Assert.ThrowsAsync<SubjectNotFoundException>(() => Client.GetLatestAsync("nope"))).ErrorCode);
        Assert.Equal(40402, (await Assert.ThrowsAsync<VersionNotFoundException>(() => Client.GetVersionAsync("bids-value", 3))).ErrorCode);
        Assert.Equal(40403, (await Assert.ThrowsAsync<SchemaNotFoundException>(() => Client.LookupAsync("bids-value", BidV2))).ErrorCode);
        Assert.IsType<SchemaRegistryException>(SchemaRegistryException.For(50001, 500, "store"));
    }

    [Fact]
    public async Task Compatibility_tests_and_config()
    {
        await Client.RegisterAsync("bids-value", Bid);

        Assert.True((await Client.TestCompatibilityAsync("bids-value", BidV2)).IsCompatible);
        var verdict = await Client.TestCompatibilityAsync("bids-value", BidBreaking);
        Assert.False(verdict.IsCompatible);
        Assert.NotEmpty(verdict.Messages!);

        Assert.Equal(CompatibilityLevel.Backward, await Client.GetCompatibilityAsync());
        // A subject without its own level has the global one.
        Assert.Equal(CompatibilityLevel.Backward, await Client.GetCompatibilityAsync("bids-value"));
        await Client.SetCompatibilityAsync(CompatibilityLevel.None, "bids-value");
        Assert.Equal(CompatibilityLevel.None, await Client.GetCompatibilityAsync("bids-value"));
        Assert.True((await Client.TestCompatibilityAsync("bids-value", BidBreaking)).IsCompatible);
        await Client.SetCompatibilityAsync(CompatibilityLevel.ForwardTransitive);
        Assert.Equal(CompatibilityLevel.ForwardTransitive, await Client.GetCompatibilityAsync());
    }
}
