namespace Kappa.TestKit;

/// <summary>
/// Whether the long soak variants run: <c>KAPPA_SOAK=1 ./kappa test</c> (or <c>./kappa test --soak</c>).
/// Default runs keep the whole suite within its time budget; soak runs repeat the same checks many more times.
/// </summary>
public static class Soak
{
    /// <summary>True when KAPPA_SOAK=1.</summary>
    public static bool Enabled => Environment.GetEnvironmentVariable("KAPPA_SOAK") == "1";

    /// <summary><paramref name="soak"/> in a soak run, otherwise <paramref name="normal"/>.</summary>
    public static int Choose(int normal, int soak) => Enabled ? soak : normal;
}
