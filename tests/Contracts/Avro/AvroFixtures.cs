using System.Runtime.CompilerServices;

namespace Kappa.Contracts.Tests.Avro;

/// <summary>Locates the fixture files next to this source file (tests run on the machine that built them).</summary>
internal static class AvroFixtures
{
    internal static string Directory { get; } = System.IO.Path.Combine(SourceDirectory(), "Fixtures");

    internal static string Path(string name) => System.IO.Path.Combine(Directory, name);

    internal static string Read(string name) => File.ReadAllText(Path(name));

    private static string SourceDirectory([CallerFilePath] string file = "") => System.IO.Path.GetDirectoryName(file)!;
}
