using System.Reflection;

namespace Kappa.TestKit;

/// <summary>Locates the repository and the built <c>kappa</c> executable from a test assembly.</summary>
public static class RepoPaths
{
    /// <summary>The repository root: the nearest folder above the test binaries holding Kappa.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>
    /// The build configuration the tests were built with (Debug or Release), read from the test binaries'
    /// path, so that the executable under test is the one built alongside them.
    /// </summary>
    public static string Configuration { get; } =
        Assembly.GetExecutingAssembly().GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>The built kappa.dll, run with <c>dotnet</c>.</summary>
    public static string KappaDll
    {
        get
        {
            var path = Path.Combine(Root, "src", "Cli", "bin", Configuration, "net10.0", "kappa.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"kappa.dll is not built at {path}; build Kappa.sln first");
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Kappa.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no Kappa.sln above {AppContext.BaseDirectory}");
    }
}
