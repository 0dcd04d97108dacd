using System.Collections.Immutable;
using Kappa.Contracts.Avro;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace Kappa.Generators.Tests;

/// <summary>The generator run by Roslyn's driver on in-memory .avsc files, and the code it emits compiled.</summary>
public sealed class AvroContractGeneratorTests
{
    [Fact]
    public void Generated_code_compiles_in_the_files_folder_namespace_with_defaults_as_initializers()
    {
        var (generated, diagnostics, compiled) = Run("/p/Events/Sample.avsc", """
            {"type":"record","name":"Sample","namespace":"x.y","fields":[
              {"name":"event_id","type":"string","default":"none"},{"name":"count","type":"int","default":3},
              {"name":"ratio","type":["null","double"],"default":null},{"name":"kind","type":{"type":"enum","name":"Kind","symbols":["A","B"]},"default":"B"},
              {"name":"tags","type":{"type":"array","items":["null","string"]}},{"name":"scores","type":{"type":"map","values":"Kind"}},
              {"name":"sample","type":"bytes"}]}
            """);

        Assert.Empty(diagnostics);
        Assert.Empty(compiled.Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Contains("namespace Root.Events;", generated, StringComparison.Ordinal);
        Assert.Contains("public string EventId { get; set; } = \"none\";", generated, StringComparison.Ordinal);
        Assert.Contains("public int Count { get; set; } = 3;", generated, StringComparison.Ordinal);
        Assert.Contains("public Kind Kind { get; set; } = Kind.B;", generated, StringComparison.Ordinal);
        Assert.Contains("public double? Ratio { get; set; }", generated, StringComparison.Ordinal);
        // A property may not be named after its class.
        Assert.Contains("public byte[] SampleValue { get; set; }", generated, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"type":"record","name":"R","fields":[{"name":"inner","type":{"type":"record","name":"I","fields":[]}}]}""", "not supported")]
    [InlineData("""{"type":"record","name":"R","fields":[{"name":"u","type":["int","string"]}]}""", "only unions of null and one type")]
    [InlineData("""{"type":"enum","name":"E","symbols":["A"]}""", "one Avro record schema")]
    [InlineData("""{"type":"record",""", "not valid JSON")]
    public void Schemas_it_cannot_map_are_compile_errors_naming_the_file(string avsc, string reason)
    {
        var (_, diagnostics, _) = Run("/p/Bad.avsc", avsc);

        var error = Assert.Single(diagnostics);
        Assert.Equal("KAPPA0001", error.Id);
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Contains("Bad.avsc", error.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Contains(reason, error.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    private static (string Generated, ImmutableArray<Diagnostic> Diagnostics, ImmutableArray<Diagnostic> Compiled) Run(string path, string avsc)
    {
        var references = AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => !a.IsDynamic && a.Location.Length > 0)
            .Select(a => MetadataReference.CreateFromFile(a.Location))
            .Append(MetadataReference.CreateFromFile(typeof(AvroSchema).Assembly.Location));
        var compilation = CSharpCompilation.Create(
            "Generated",
            [CSharpSyntaxTree.ParseText("namespace Root;", new CSharpParseOptions(LanguageVersion.Latest))],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new AvroContractGenerator().AsSourceGenerator()],
            [new InMemoryFile(path, avsc)],
            new CSharpParseOptions(LanguageVersion.Latest),
            new Options(new Dictionary<string, string>(StringComparer.Ordinal) { ["build_property.RootNamespace"] = "Root", ["build_property.ProjectDir"] = "/p/" }));
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        var generated = string.Concat(driver.GetRunResult().GeneratedTrees.Select(t => t.ToString()));
        return (generated, diagnostics, output.GetDiagnostics());
    }

    /// <summary>An .avsc file's path and text, as MSBuild hands additional files to the compiler.</summary>
    private sealed class InMemoryFile(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }

    private sealed class Options(Dictionary<string, string> global) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Values(global);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Values([]);

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Values([]);
    }

    private sealed class Values(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
    }
}
