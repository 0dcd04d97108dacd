namespace Kappa.Benchmarks.Processor;

/// <summary>The process's resident memory as Linux reports it in <c>/proc/self/status</c>.</summary>
internal static class PeakMemory
{
    /// <summary>Peak resident set size (VmHWM) in bytes, or -1 where /proc is not available.</summary>
    public static long PeakResidentBytes() => Read("VmHWM:");

    /// <summary>Current resident set size (VmRSS) in bytes, or -1 where /proc is not available.</summary>
    public static long ResidentBytes() => Read("VmRSS:");

    /// <summary>
    /// Resets the peak to the current resident size (writing 5 to <c>/proc/self/clear_refs</c>), so setup work
    /// such as loading the log does not count; returns false when the kernel does not allow it.
    /// </summary>
    public static bool TryResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static long Read(string field)
    {
        if (!File.Exists("/proc/self/status"))
        {
            return -1;
        }

        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                var kilobytes = line[field.Length..].Trim().Split(' ')[0];
                return long.Parse(kilobytes, System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }

        return -1;
    }
}
