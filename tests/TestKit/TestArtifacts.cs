namespace Kappa.TestKit;

/// <summary>
/// Where tests keep files for people to look at after a run (screenshots): <c>.build/test-results/artifacts</c>,
/// beside the trx files of <c>./kappa test</c>, which clears that folder at the start of every run.
/// </summary>
public static class TestArtifacts
{
    /// <summary>The full path for artifact <paramref name="name"/>; its folder exists.</summary>
    public static string PathFor(string name)
    {
        var directory = Path.Combine(RepoPaths.Root, ".build", "test-results", "artifacts");
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, name);
    }
}
