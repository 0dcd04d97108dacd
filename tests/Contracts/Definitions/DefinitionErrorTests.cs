using Kappa.Contracts.Definitions;
using Xunit;

namespace Kappa.Contracts.Tests.Definitions;

/// <summary>Each statically detectable mistake is reported at its file, line and column.</summary>
public sealed class DefinitionErrorTests
{
    private const string File = "orders.yaml";

    /// <summary>A valid view with line 1 = view, 2 = source, 3 = window, 4 = aggregates; tests replace lines.</summary>
    private static readonly string[] ValidLines =
    [
        "view: v",
        "source: orders",
        "window: { tumbling: 1h }",
        "aggregates: { n: count() }",
    ];

    [Theory]
    [InlineData("aggregate: { n: count() }", "orders.yaml:4:1: unknown key 'aggregate' in view definition; did you mean 'aggregates'?")]
    [InlineData("aggregates: { n: count() }\ncolour: red", "orders.yaml:5:1: unknown key 'colour' in view definition; expected one of: view, source, format, schema, time, filter, key, window, aggregates, emit, gates")]
    public void Unknown_keys_are_reported_with_a_suggestion(string line4, string expected)
    {
        var errors = Errors(Replace(4, line4));

        Assert.Contains(expected, errors);
    }

    [Fact]
    public void A_typo_also_leaves_the_required_key_missing()
    {
        var errors = Errors(Replace(4, "aggregate: { n: count() }"));

        Assert.Equal(
            [
                "orders.yaml:1:1: view definition is missing required key 'aggregates'",
                "orders.yaml:4:1: unknown key 'aggregate' in view definition; did you mean 'aggregates'?",
            ],
            errors);
    }

    [Fact]
    public void Missing_required_keys_are_reported_at_the_view()
    {
        var errors = Errors("emit: on-update\n");

        Assert.Equal(
            [
                "orders.yaml:1:1: view definition is missing required key 'view'",
                "orders.yaml:1:1: view definition is missing required key 'source'",
                "orders.yaml:1:1: view definition is missing required key 'window'",
                "orders.yaml:1:1: view definition is missing required key 'aggregates'",
            ],
            errors);
    }

    [Theory]
    [InlineData("window: { tumbling: 5x }", "orders.yaml:3:21: 'tumbling' is not a valid duration: '5x'; write e.g. 500ms, 30s, 5m, 1h, 1d or 1h30m")]
    [InlineData("window: { tumbling: 30m1h }", "orders.yaml:3:21: 'tumbling' is not a valid duration: '30m1h'; write e.g. 500ms, 30s, 5m, 1h, 1d or 1h30m")]
    [InlineData("window: { tumbling: 0s }", "orders.yaml:3:21: 'tumbling' must be longer than zero")]
    [InlineData("window: { session: { gap: -1m } }", "orders.yaml:3:27: 'gap' is not a valid duration: '-1m'; write e.g. 500ms, 30s, 5m, 1h, 1d or 1h30m")]
    [InlineData("window: { hopping: { size: 5m, advance: 10m } }", "orders.yaml:3:41: hopping 'advance' (10m) must not exceed 'size' (5m)")]
    [InlineData("window: { hopping: { size: 5m } }", "orders.yaml:3:20: 'hopping' is missing required key 'advance'")]
    [InlineData("window: { hopping: 5m }", "orders.yaml:3:20: 'hopping' must be a mapping of keys to values, found '5m'")]
    [InlineData("window: { tumbling: 1h, sliding: 1h }", "orders.yaml:3:25: 'window' has more than one shape ('tumbling' and 'sliding'); choose one")]
    [InlineData("window: {}", "orders.yaml:3:9: 'window' needs one of: tumbling, hopping, sliding, session, calendar")]
    [InlineData("window: { calendar: fortnight }", "orders.yaml:3:21: unknown calendar unit 'fortnight'; expected one of: hour, day, week, month")]
    [InlineData("window: { calendar: days }", "orders.yaml:3:21: unknown calendar unit 'days'; did you mean 'day'?")]
    [InlineData("window: { calendar: day, week-start: sunday }", "orders.yaml:3:26: 'week-start' applies only to 'calendar: week'")]
    [InlineData("window: { calendar: week, week-start: sundae }", "orders.yaml:3:39: unknown week-start day 'sundae'; did you mean 'sunday'?")]
    [InlineData("window: 1h", "orders.yaml:3:9: 'window' must be a mapping of keys to values, found '1h'")]
    public void Bad_windows_are_reported_at_the_offending_value(string line3, string expected)
    {
        Assert.Equal([expected], Errors(Replace(3, line3)));
    }

    [Theory]
    [InlineData("aggregates: { n: sum(amount }", "orders.yaml:4:28: expected ')' to close the arguments")]
    [InlineData("aggregates: { n: sum amount }", "orders.yaml:4:22: expected '(' after 'sum'; write e.g. sum(amount)")]
    [InlineData("aggregates: { n: summ(amount) }", "orders.yaml:4:18: unknown aggregate function 'summ'; did you mean 'sum'?")]
    [InlineData("aggregates: { n: median(amount) }", "orders.yaml:4:18: unknown aggregate function 'median'; expected one of: count, count_distinct, sum, avg, min, max, top, first, last")]
    [InlineData("aggregates: { n: sum() }", "orders.yaml:4:22: sum takes one argument; write sum(field), e.g. sum(amount)")]
    [InlineData("aggregates: { n: 'count(a, b)' }", "orders.yaml:4:28: count takes no argument or one; write count() or count(field)")]
    [InlineData("aggregates: { n: top(amount) }", "orders.yaml:4:28: top takes 2 arguments; write top(field, n), e.g. top(amount, 5)")]
    [InlineData("aggregates:\n  n: top(amount, 0)", "orders.yaml:5:18: top's n must be a whole number from 1 to 1000, found '0'")]
    [InlineData("aggregates: { n: sum(a b) }", "orders.yaml:4:22: 'a b' is not a field path (letters, digits, '_' and '-', parts separated by '.')")]
    [InlineData("aggregates:\n  n: sum(a,)", "orders.yaml:5:12: empty argument")]
    [InlineData("aggregates: { n: top(amount, 5), m: count() }", "orders.yaml:4:28: expected ')' to close the arguments (in a { } mapping, quote a call that contains commas)")]
    [InlineData("aggregates: { n: sum(a) + 1 }", "orders.yaml:4:25: unexpected '+ 1' after ')'")]
    [InlineData("aggregates: { n: 'sum(a' }", "orders.yaml:4:24: expected ')' to close the arguments")]
    [InlineData("aggregates: { 1st: count() }", "orders.yaml:4:15: aggregate name '1st' must be letters, digits and '_', not starting with a digit")]
    [InlineData("aggregates: { n: count(), n: sum(a) }", "orders.yaml:4:27: duplicate key 'n' (first at line 4)")]
    [InlineData("aggregates: {}", "orders.yaml:4:13: 'aggregates' must map output names to aggregates, e.g. 'orders: count()', found a mapping")]
    [InlineData("aggregates: [count()]", "orders.yaml:4:13: 'aggregates' must map output names to aggregates, e.g. 'orders: count()', found a list")]
    public void Malformed_aggregates_are_reported_at_the_column_of_the_problem(string line4, string expected)
    {
        Assert.Equal([expected], Errors(Replace(4, line4)));
    }

    [Theory]
    [InlineData(1, "view: orders-daily", "orders.yaml:1:7: view name 'orders-daily' must be letters, digits and '_', at most 200 characters")]
    [InlineData(2, "source: 'orders topic'", "orders.yaml:2:9: source topic 'orders topic' must be letters, digits, '.', '_' and '-', at most 249 characters")]
    [InlineData(2, "source: ..", "orders.yaml:2:9: source topic '..' must be letters, digits, '.', '_' and '-', at most 249 characters")]
    [InlineData(2, "source: orders\nformat: xml", "orders.yaml:3:9: unknown format 'xml'; expected one of: json, avro")]
    [InlineData(2, "source: orders\nschema: orders-value", "orders.yaml:3:9: 'schema' names the registry subject of an Avro source; add 'format: avro' or remove it")]
    [InlineData(2, "source: orders\nformat: avro\nschema: ' orders'", "orders.yaml:4:9: 'schema' must be a schema registry subject such as orders-value, found ' orders'")]
    [InlineData(2, "source: orders\nemit: onclose", "orders.yaml:3:7: unknown emit mode 'onclose'; did you mean 'on-close'?")]
    [InlineData(2, "source: orders\nemit: final", "orders.yaml:3:7: unknown emit mode 'final'; expected one of: on-update, on-close")]
    [InlineData(2, "source: orders\nfilter:", "orders.yaml:3:8: 'filter' has no value; give it one or remove the key")]
    [InlineData(2, "source: orders\nfilter: ' '", "orders.yaml:3:9: 'filter' is empty; remove it to keep every event")]
    [InlineData(2, "source: orders\nkey: []", "orders.yaml:3:6: 'key' must be a field or a list of fields, found a list; remove it to group by the record key")]
    [InlineData(2, "source: orders\nkey: [a, a]", "orders.yaml:3:10: key field 'a' is listed twice")]
    [InlineData(2, "source: orders\nkey: [a, 'b c']", "orders.yaml:3:10: 'key' must be a field path (letters, digits, '_' and '-', parts separated by '.'), found 'b c'")]
    [InlineData(2, "source: orders\nkey: [a..b]", "orders.yaml:3:7: 'key' must be a field path (letters, digits, '_' and '-', parts separated by '.'), found 'a..b'")]
    [InlineData(2, "source: orders\ntime: { grace: 1 }", "orders.yaml:3:16: 'grace' is not a valid duration: '1'; write e.g. 500ms, 30s, 5m, 1h, 1d or 1h30m")]
    [InlineData(2, "source: orders\ntime: { max_disorder: 1m }", "orders.yaml:3:9: unknown key 'max_disorder' in 'time'; did you mean 'max-disorder'?")]
    [InlineData(2, "source: orders\ntime: { timezone: Europe/ Berlin }", "orders.yaml:3:19: 'timezone' must be an IANA time zone id such as Europe/Berlin, found 'Europe/ Berlin'")]
    [InlineData(2, "source: orders\ntime: { field: [ts] }", "orders.yaml:3:16: 'field' must be a single value, found a list")]
    [InlineData(2, "source: orders\ntime: ts", "orders.yaml:3:7: 'time' must be a mapping of keys to values, found 'ts'")]
    public void Bad_values_are_reported_at_the_value(int line, string replacement, string expected)
    {
        Assert.Equal([expected], Errors(Replace(line, replacement)));
    }

    [Fact]
    public void Several_errors_in_one_view_are_reported_together_in_position_order()
    {
        var errors = Errors("view: bad-name\nsource: orders\nwindow: { tumbling: 1x }\naggregates: { n: nope() }\nemit: later\n");

        Assert.Equal(
            [
                "orders.yaml:1:7: view name 'bad-name' must be letters, digits and '_', at most 200 characters",
                "orders.yaml:3:21: 'tumbling' is not a valid duration: '1x'; write e.g. 500ms, 30s, 5m, 1h, 1d or 1h30m",
                "orders.yaml:4:18: unknown aggregate function 'nope'; expected one of: count, count_distinct, sum, avg, min, max, top, first, last",
                "orders.yaml:5:7: unknown emit mode 'later'; expected one of: on-update, on-close",
            ],
            errors);
    }

    [Fact]
    public void The_exception_message_lists_every_error_one_per_line()
    {
        var exception = Assert.Throws<ViewDefinitionException>(() =>
            ViewDefinitionLoader.Parse("view: v\nsource: s\nwindow: { tumbling: 0 }\naggregates: { n: x() }\n", File));

        Assert.Equal(2, exception.Errors.Count);
        Assert.Equal(
            "orders.yaml:3:21: 'tumbling' must be longer than zero\norders.yaml:4:18: unknown aggregate function 'x'; expected one of: count, count_distinct, sum, avg, min, max, top, first, last",
            exception.Message);
        Assert.Equal(new SourceLocation(File, 3, 21), exception.Errors[0].Location);
    }

    [Fact]
    public void Duplicate_view_names_are_reported_at_the_second_definition()
    {
        var valid = string.Join('\n', ValidLines);

        var errors = Errors($"{valid}\n---\n{valid}\n");

        Assert.Equal(["orders.yaml:6:1: view 'v' is defined twice (first at orders.yaml:1:1)"], errors);
    }

    [Fact]
    public void Errors_in_several_documents_are_all_reported()
    {
        var errors = Errors("view: a\nsource: s\n---\nview: b\nsource: s\n");

        Assert.Equal(4, errors.Count);
        Assert.Equal("orders.yaml:4:1: view definition is missing required key 'window'", errors[2]);
    }

    [Theory]
    [InlineData("view: v\nsource: 'orders\n", "orders.yaml:2:9: YAML syntax error: while scanning a quoted scalar, found unexpected end of stream")]
    [InlineData("view: v\nsource: s\nwindow: { tumbling: 1h\naggregates: { n: count() }\n", "orders.yaml:3:9: YAML syntax error: this collection is not closed properly (unbalanced brackets or quotes?)")]
    [InlineData("view: v\n source: s\n", "orders.yaml:2:8: YAML syntax error: while scanning a plain scalar value, found invalid mapping")]
    [InlineData("view: v\nkey: [a, b\nsource: s\n", "orders.yaml:2:6: YAML syntax error: this collection is not closed properly (unbalanced brackets or quotes?)")]
    [InlineData("view: v\nwindow: *nowhere\n", "orders.yaml:2:9: unknown YAML alias '*nowhere'")]
    public void Yaml_syntax_errors_carry_the_parser_position(string yaml, string expected)
    {
        Assert.Contains(expected, Errors(yaml));
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("---\n")]
    public void A_file_without_views_is_an_error(string yaml)
    {
        Assert.Equal(["orders.yaml:1:1: the file defines no view"], Errors(yaml));
    }

    [Theory]
    [InlineData("- view: a\n- view: b\n", "orders.yaml:1:1: a view definition is a mapping, found a list; separate several views in one file with '---' lines")]
    [InlineData("just text\n", "orders.yaml:1:1: view definition must be a mapping of keys to values, found 'just text'")]
    [InlineData("? [a, b]\n: c\nview: v\n", "orders.yaml:1:3: a key must be a name, found a list")]
    public void A_document_must_be_one_mapping(string yaml, string expected)
    {
        Assert.Contains(expected, Errors(yaml));
    }

    private static string Replace(int line, string replacement)
    {
        var lines = ValidLines.ToArray();
        lines[line - 1] = replacement;
        return string.Join('\n', lines) + "\n";
    }

    private static List<string> Errors(string yaml)
    {
        var exception = Assert.Throws<ViewDefinitionException>(() => ViewDefinitionLoader.Parse(yaml, File));
        return exception.Errors.Select(e => e.ToString()).ToList();
    }
}
