using Kappa.Contracts.Definitions;
using Kappa.Contracts.Events;
using Kappa.Processor.Pipeline;
using Kappa.Processor.Tests.Events.Avro;
using Xunit;

namespace Kappa.Processor.Tests.Pipeline;

public sealed class AvroViewCheckTests
{
    private const string Definition = """
        view: payments_daily
        source: payments
        format: avro
        schema: payments-value
        time: { field: ts }
        filter: "method == 'CARD' && metadata.provider != null"
        key: [method]
        window: { calendar: day }
        aggregates:
          revenue: sum(amount)
          payers: count_distinct(payer)
        """;

    [Fact]
    public async Task A_field_the_subjects_latest_schema_lacks_is_reported_where_it_is_used()
    {
        var schemas = new SchemaTable();
        schemas.Add(1, Payment.SchemaJson, "payments-value");

        var error = await Assert.ThrowsAsync<ViewDefinitionException>(() => AvroViewCheck.CheckAsync(Compile(Definition), schemas, CancellationToken.None));

        Assert.Equal(
            "payments.yaml:11:3: aggregate 'payers' reads field 'payer', which schema subject 'payments-value' ('kappa.examples.Payment', latest version) "
            + "does not have; its fields are payment_id, order_id, amount, method, metadata, ts",
            Assert.Single(error.Errors).ToString());
    }

    [Fact]
    public async Task A_view_that_fits_its_subject_or_whose_subject_does_not_exist_yet_passes()
    {
        var schemas = new SchemaTable();
        schemas.Add(1, Payment.SchemaJson, "payments-value");
        var fitting = Definition.Replace("count_distinct(payer)", "count_distinct(order_id)", StringComparison.Ordinal);

        await AvroViewCheck.CheckAsync(Compile(fitting), schemas, CancellationToken.None);
        await AvroViewCheck.CheckAsync(Compile(Definition.Replace("payments-value", "other-value", StringComparison.Ordinal)), schemas, CancellationToken.None);
        await AvroViewCheck.CheckAsync(Compile(Definition.Replace("format: avro\nschema: payments-value\n", string.Empty, StringComparison.Ordinal)), null, CancellationToken.None);
    }

    [Fact]
    public async Task Nested_paths_name_the_record_they_were_looked_up_in()
    {
        var schemas = new SchemaTable();
        schemas.Add(1, """
            {"type":"record","name":"Order","fields":[{"name":"customer","type":{"type":"record","name":"Customer","fields":[{"name":"tier","type":"string"}]}},
             {"name":"ts","type":"long"}]}
            """, "orders-value");
        var yaml = """
            view: by_tier
            source: orders
            format: avro
            schema: orders-value
            time: { field: ts }
            key: [customer.teir]
            window: { tumbling: 1h }
            aggregates: { n: count() }
            """;

        var error = await Assert.ThrowsAsync<ViewDefinitionException>(() => AvroViewCheck.CheckAsync(Compile(yaml), schemas, CancellationToken.None));

        Assert.Equal(
            "payments.yaml:4:9: the key reads field 'customer.teir', which schema subject 'orders-value' ('Order', latest version) does not have; 'customer' fields are tier",
            Assert.Single(error.Errors).ToString());
    }

    private static IReadOnlyList<CompiledView> Compile(string yaml) => ViewCompiler.CompileText(yaml, "payments.yaml");
}
