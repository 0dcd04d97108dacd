using System;
using System.IO;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Kappa.Generators;

/// <summary>
/// Generates a C# class for every <c>.avsc</c> additional file: properties for the fields, the schema, conversions
/// to and from the codec's generic records, and Encode/Decode. The C# namespace is the project's root namespace
/// plus the file's folder, so namespace equals folder for generated types too. A schema the generator cannot map
/// is a compile error naming the file and the reason.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class AvroContractGenerator : IIncrementalGenerator
{
    private static readonly DiagnosticDescriptor Unsupported = new(
        "KAPPA0001",
        "Avro schema cannot be generated",
        "{0}: {1}",
        "Kappa.Contracts",
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var files = context.AdditionalTextsProvider
            .Where(f => f.Path.EndsWith(".avsc", StringComparison.OrdinalIgnoreCase))
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select((pair, cancellationToken) =>
            {
                var options = pair.Right.GlobalOptions;
                options.TryGetValue("build_property.RootNamespace", out var rootNamespace);
                options.TryGetValue("build_property.ProjectDir", out var projectDir);
                return (pair.Left.Path, Text: pair.Left.GetText(cancellationToken)?.ToString() ?? string.Empty, Namespace: Namespace(rootNamespace, projectDir, pair.Left.Path));
            });

        context.RegisterSourceOutput(files, static (output, file) =>
        {
            var fileName = Path.GetFileName(file.Path);
            try
            {
                var model = ContractModel.Read(MiniJson.Parse(file.Text));
                output.AddSource($"{file.Namespace}.{model.Name}.g.cs", SourceText.From(ContractWriter.Write(model, file.Namespace, file.Text.Trim(), fileName), System.Text.Encoding.UTF8));
            }
            catch (NotSupportedException e)
            {
                output.ReportDiagnostic(Diagnostic.Create(Unsupported, Location.None, fileName, e.Message));
            }
            catch (FormatException e)
            {
                output.ReportDiagnostic(Diagnostic.Create(Unsupported, Location.None, fileName, "not valid JSON: " + e.Message));
            }
        });
    }

    private static string Namespace(string? rootNamespace, string? projectDir, string file)
    {
        var ns = string.IsNullOrEmpty(rootNamespace) ? "Generated" : rootNamespace!;
        var folder = Path.GetDirectoryName(file) ?? string.Empty;
        if (!string.IsNullOrEmpty(projectDir) && folder.StartsWith(projectDir!.TrimEnd('/', '\\'), StringComparison.Ordinal))
        {
            var relative = folder.Substring(projectDir.TrimEnd('/', '\\').Length).Trim('/', '\\');
            if (relative.Length > 0)
            {
                ns += "." + relative.Replace('/', '.').Replace('\\', '.');
            }
        }

        return ns;
    }
}
