using Kappa.Contracts.Definitions;
using Xunit;

namespace Kappa.Contracts.Tests.Definitions;

public sealed class DirectoryLoadingTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("kappa-definitions-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void Files_load_in_ordinal_file_name_order_and_views_in_document_order()
    {
        Write("b.yml", View("b1"), View("b2"));
        Write("B.yaml", View("upper_b"));
        Write("a.yaml", View("a1"));
        Write("a10.yaml", View("a10"));
        Write("a2.YAML", View("a2"));
        Write("notes.txt", "not yaml at all: [");
        Directory.CreateDirectory(Path.Combine(_directory.FullName, "nested.yaml"));

        var views = ViewDefinitionLoader.LoadDirectory(_directory.FullName);

        Assert.Equal(["upper_b", "a1", "a10", "a2", "b1", "b2"], views.Select(v => v.Name));
        Assert.Equal(Path.Combine(_directory.FullName, "b.yml"), views[4].Location.File);
    }

    [Fact]
    public void Load_dispatches_on_directory_or_file()
    {
        Write("one.yaml", View("one"));

        Assert.Equal("one", Assert.Single(ViewDefinitionLoader.Load(_directory.FullName)).Name);
        Assert.Equal("one", Assert.Single(ViewDefinitionLoader.Load(Path.Combine(_directory.FullName, "one.yaml"))).Name);
    }

    [Fact]
    public void Errors_from_every_file_are_reported_together()
    {
        Write("a.yaml", "view: a\nsource: s\nwindow: { tumbling: 1h }\naggregates: { n: cnt() }\n");
        Write("b.yaml", "view: b\nsource: [s\n");
        Write("c.yaml", View("a"));

        var exception = Assert.Throws<ViewDefinitionException>(() => ViewDefinitionLoader.LoadDirectory(_directory.FullName));

        Assert.Equal(
            [Path.Combine(_directory.FullName, "a.yaml"), Path.Combine(_directory.FullName, "b.yaml")],
            exception.Errors.Select(e => e.Location.File));
    }

    [Fact]
    public void A_view_defined_in_two_files_is_an_error_at_the_later_file()
    {
        Write("a.yaml", View("same"));
        Write("b.yaml", View("same"));

        var exception = Assert.Throws<ViewDefinitionException>(() => ViewDefinitionLoader.LoadDirectory(_directory.FullName));

        var error = Assert.Single(exception.Errors);
        Assert.Equal(Path.Combine(_directory.FullName, "b.yaml"), error.Location.File);
        Assert.Contains("view 'same' is defined twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_directory_has_no_views()
    {
        Assert.Empty(ViewDefinitionLoader.LoadDirectory(_directory.FullName));
    }

    private static string View(string name) =>
        $"view: {name}\nsource: events\nwindow: {{ tumbling: 1h }}\naggregates: {{ n: count() }}\n";

    private void Write(string name, params string[] documents) =>
        File.WriteAllText(Path.Combine(_directory.FullName, name), string.Join("---\n", documents));
}
