using System.Net;
using System.Text;
using System.Text.Json;
using Kappa.Contracts.Schemas;
using Xunit;

namespace Kappa.Schemas.Tests.Http;

/// <summary>The wire contract of Confluent's API: paths, status codes, error bodies and content type.</summary>
public sealed class SchemaRegistryApiTests : IAsyncLifetime
{
    private const string V1 = """{"type":"record","name":"Order","namespace":"shop","fields":[{"name":"id","type":"string"}]}""";
    private const string V2 = """{"type":"record","name":"Order","namespace":"shop","fields":[{"name":"id","type":"string"},{"name":"amount","type":"double","default":0}]}""";
    private const string NoDefault = """{"type":"record","name":"Order","namespace":"shop","fields":[{"name":"id","type":"string"},{"name":"amount","type":"double"}]}""";

    private RegistryFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await RegistryFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task Register_answers_an_id_in_confluents_content_type_and_versions_count_from_one()
    {
        using var response = await PostAsync("subjects/orders-value/versions", V1);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SchemaRegistryMediaTypes.V1Json, response.Content.Headers.ContentType!.MediaType);
        var id = (await JsonAsync(response)).GetProperty("id").GetInt32();

        var latest = await GetJsonAsync("subjects/orders-value/versions/latest");
        Assert.Equal("orders-value", latest.GetProperty("subject").GetString());
        Assert.Equal(1, latest.GetProperty("version").GetInt32());
        Assert.Equal(id, latest.GetProperty("id").GetInt32());
        Assert.Equal(id, (await GetJsonAsync("subjects/orders-value/versions/-1")).GetProperty("id").GetInt32());
        Assert.Contains("\"Order\"", (await GetJsonAsync($"schemas/ids/{id}")).GetProperty("schema").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_schema_has_one_id_across_subjects_and_registering_twice_adds_no_version()
    {
        var first = await RegisterAsync("a-value", V1);
        var again = await RegisterAsync("a-value", V1);
        // Whitespace and attribute order do not make a different schema.
        var elsewhere = await RegisterAsync("b-value", """{ "namespace":"shop", "name":"Order", "type":"record", "fields":[{"type":"string","name":"id"}] }""");
        var other = await RegisterAsync("a-value", V2);

        Assert.Equal(first, again);
        Assert.Equal(first, elsewhere);
        Assert.NotEqual(first, other);
        Assert.Equal("[1,2]", await GetTextAsync("subjects/a-value/versions"));
        Assert.Equal("[\"a-value\",\"b-value\"]", await GetTextAsync("subjects"));
        var uses = await GetTextAsync($"schemas/ids/{first}/versions");
        Assert.Contains("{\"subject\":\"b-value\",\"version\":1}", uses, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_incompatible_schema_is_rejected_with_409_under_the_default_backward_level()
    {
        await RegisterAsync("orders-value", V1);

        using var response = await PostAsync("subjects/orders-value/versions", NoDefault);

        await AssertErrorAsync(response, HttpStatusCode.Conflict, 409, "incompatible");
        Assert.Equal("[1]", await GetTextAsync("subjects/orders-value/versions"));
    }

    [Fact]
    public async Task Compatibility_tests_answer_is_compatible_with_reasons_when_verbose()
    {
        await RegisterAsync("orders-value", V1);

        var good = await PostJsonAsync("compatibility/subjects/orders-value/versions/latest", V2);
        var bad = await PostJsonAsync("compatibility/subjects/orders-value/versions/1?verbose=true", NoDefault);

        Assert.True(good.GetProperty("is_compatible").GetBoolean());
        Assert.False(bad.GetProperty("is_compatible").GetBoolean());
        Assert.Contains("amount", bad.GetProperty("messages")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_is_global_and_per_subject_and_rejects_unknown_levels_with_42203()
    {
        Assert.Equal("BACKWARD", (await GetJsonAsync("config")).GetProperty("compatibilityLevel").GetString());

        using (var put = await PutAsync("config/orders-value", """{"compatibility":"none"}"""))
        {
            Assert.Equal("NONE", (await JsonAsync(put)).GetProperty("compatibility").GetString());
        }

        await RegisterAsync("orders-value", V1);
        await RegisterAsync("orders-value", NoDefault);
        Assert.Equal("NONE", (await GetJsonAsync("config/orders-value")).GetProperty("compatibilityLevel").GetString());
        Assert.Equal("BACKWARD", (await GetJsonAsync("config")).GetProperty("compatibilityLevel").GetString());

        using var unset = await _fixture.Http.GetAsync("config/other-value");
        await AssertErrorAsync(unset, HttpStatusCode.NotFound, 40408, "compatibility");
        Assert.Equal("BACKWARD", (await GetJsonAsync("config/other-value?defaultToGlobal=true")).GetProperty("compatibilityLevel").GetString());

        using var invalid = await PutAsync("config", """{"compatibility":"SIDEWAYS"}""");
        await AssertErrorAsync(invalid, HttpStatusCode.UnprocessableEntity, 42203, "SIDEWAYS");
    }

    [Fact]
    public async Task Missing_things_answer_confluents_404_codes()
    {
        await RegisterAsync("orders-value", V1);

        using var subject = await _fixture.Http.GetAsync("subjects/nope/versions/latest");
        await AssertErrorAsync(subject, HttpStatusCode.NotFound, 40401, "nope");
        using var version = await _fixture.Http.GetAsync("subjects/orders-value/versions/7");
        await AssertErrorAsync(version, HttpStatusCode.NotFound, 40402, "7");
        using var id = await _fixture.Http.GetAsync("schemas/ids/999");
        await AssertErrorAsync(id, HttpStatusCode.NotFound, 40403, "999");
        using var lookup = await PostAsync("subjects/orders-value", V2);
        await AssertErrorAsync(lookup, HttpStatusCode.NotFound, 40403, "orders-value");
        using var path = await _fixture.Http.GetAsync("no/such/path");
        await AssertErrorAsync(path, HttpStatusCode.NotFound, 404, "Not Found");
    }

    [Fact]
    public async Task Bad_requests_get_4xx_with_a_reason()
    {
        using var invalid = await PostAsync("subjects/x/versions", """{"type":"record","name":"R","fields":[{"name":"f","type":"nosuch"}]}""");
        await AssertErrorAsync(invalid, HttpStatusCode.UnprocessableEntity, 42201, "nosuch");
        using var empty = await PostRawAsync("subjects/x/versions", "{}");
        await AssertErrorAsync(empty, HttpStatusCode.UnprocessableEntity, 42201, "no schema");
        using var protobuf = await PostRawAsync("subjects/x/versions", """{"schema":"syntax = \"proto3\";","schemaType":"PROTOBUF"}""");
        await AssertErrorAsync(protobuf, HttpStatusCode.UnprocessableEntity, 42201, "PROTOBUF");
        using var malformed = await PostRawAsync("subjects/x/versions", "{not json");
        await AssertErrorAsync(malformed, HttpStatusCode.BadRequest, 400, "JSON");
        using var version = await _fixture.Http.GetAsync("subjects/x/versions/zero");
        await AssertErrorAsync(version, HttpStatusCode.UnprocessableEntity, 42202, "zero");
    }

    [Fact]
    public async Task Lookup_finds_the_version_of_a_schema()
    {
        await RegisterAsync("orders-value", V1);
        var id = await RegisterAsync("orders-value", V2);

        var found = await PostJsonAsync("subjects/orders-value", V2);

        Assert.Equal(2, found.GetProperty("version").GetInt32());
        Assert.Equal(id, found.GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task Soft_deleted_subjects_disappear_and_keep_their_ids_and_permanent_delete_needs_a_soft_one_first()
    {
        var id = await RegisterAsync("orders-value", V1);

        using (var permanentFirst = await _fixture.Http.DeleteAsync("subjects/orders-value?permanent=true"))
        {
            await AssertErrorAsync(permanentFirst, HttpStatusCode.NotFound, 40405, "orders-value");
        }

        Assert.Equal("[1]", await GetTextAsync("subjects/orders-value", HttpMethod.Delete));
        Assert.Equal("[]", await GetTextAsync("subjects"));
        Assert.Equal("[\"orders-value\"]", await GetTextAsync("subjects?deleted=true"));
        Assert.Equal(HttpStatusCode.OK, (await _fixture.Http.GetAsync($"schemas/ids/{id}")).StatusCode);
        Assert.Equal("[1]", await GetTextAsync("subjects/orders-value?permanent=true", HttpMethod.Delete));
        Assert.Equal("[]", await GetTextAsync("subjects?deleted=true"));
        // Registered again, the schema keeps its id and the subject starts over.
        Assert.Equal(id, await RegisterAsync("orders-value", V1));
    }

    [Fact]
    public async Task A_restart_rebuilds_every_subject_version_id_and_config_from_the_log()
    {
        var first = await RegisterAsync("a-value", V1);
        var second = await RegisterAsync("a-value", V2);
        await RegisterAsync("b-value", V2);
        using (await PutAsync("config", """{"compatibility":"FULL"}"""))
        {
        }

        await _fixture.RestartAsync();

        Assert.Equal("[1,2]", await GetTextAsync("subjects/a-value/versions"));
        Assert.Equal(second, (await GetJsonAsync("subjects/b-value/versions/1")).GetProperty("id").GetInt32());
        Assert.Equal("FULL", (await GetJsonAsync("config")).GetProperty("compatibilityLevel").GetString());
        Assert.Equal(HttpStatusCode.OK, (await _fixture.Http.GetAsync($"schemas/ids/{first}")).StatusCode);
        var third = await RegisterAsync("c-value", """{"type":"enum","name":"Color","symbols":["RED"]}""");
        Assert.True(third > second, "a new schema after a restart gets a new id, never a used one");

        var topic = await _fixture.Log.Admin.DescribeTopicAsync("_schemas");
        Assert.NotNull(topic);
        Assert.Equal(1, topic.Partitions);
        Assert.True(topic.Config.Compacted);
    }

    private async Task<int> RegisterAsync(string subject, string schema)
    {
        using var response = await PostAsync($"subjects/{subject}/versions", schema);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await JsonAsync(response)).GetProperty("id").GetInt32();
    }

    private Task<HttpResponseMessage> PostAsync(string path, string schema) =>
        PostRawAsync(path, JsonSerializer.Serialize(new { schema }));

    private Task<HttpResponseMessage> PostRawAsync(string path, string body) =>
        _fixture.Http.PostAsync(path, new StringContent(body, Encoding.UTF8, SchemaRegistryMediaTypes.V1Json));

    private Task<HttpResponseMessage> PutAsync(string path, string body) =>
        _fixture.Http.PutAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

    private async Task<JsonElement> PostJsonAsync(string path, string schema)
    {
        using var response = await PostAsync(path, schema);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await JsonAsync(response);
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await _fixture.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await JsonAsync(response);
    }

    private async Task<string> GetTextAsync(string path, HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, path);
        using var response = await _fixture.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
        return text;
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, int errorCode, string messagePart)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal(SchemaRegistryMediaTypes.V1Json, response.Content.Headers.ContentType?.MediaType);
        var error = JsonDocument.Parse(body).RootElement;
        Assert.Equal(errorCode, error.GetProperty("error_code").GetInt32());
        Assert.Contains(messagePart, error.GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
    }
}
