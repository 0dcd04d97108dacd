using System.Diagnostics.Metrics;
using System.Globalization;

namespace Kappa.Views.Telemetry;

/// <summary>
/// One instrument's series for <see cref="PrometheusExporter"/>, keyed by their rendered label set. Not thread-safe:
/// the exporter holds its lock around every call.
/// </summary>
internal sealed class InstrumentSeries
{
    // OpenTelemetry's default explicit bucket boundaries (in the instrument's unit), for histograms that advise none.
    private static readonly double[] Bounds = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1_000, 2_500, 5_000, 7_500, 10_000];

    // ASP.NET Core records durations in seconds; these are the boundaries it advises for them.
    private static readonly double[] SecondsBounds = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    private readonly Dictionary<string, Point> _points = new(StringComparer.Ordinal);

    // Each tag list seen, as given, finds its point without rendering its labels: rendering allocates several strings
    // a measurement, and ASP.NET Core records one for every request served. Lists that differ only in their order
    // render the same labels and share one point. Only lists whose values are equal exactly when they render the same
    // are kept (see Cacheable); observable instruments, cleared at every scrape, are not.
    private readonly Dictionary<KeyValuePair<string, object?>[], Point> _byTags = new(TagListComparer.Instance);
    private readonly Dictionary<KeyValuePair<string, object?>[], Point>.AlternateLookup<ReadOnlySpan<KeyValuePair<string, object?>>> _tagLookup;
    private readonly Kind _kind;
    private readonly double[] _bounds;
    private readonly bool _replaces;

    public InstrumentSeries(Instrument instrument)
    {
        Instrument = instrument;
        var type = instrument.GetType().GetGenericTypeDefinition();
        _kind = type == typeof(Histogram<>) ? Kind.Histogram
            : type == typeof(Counter<>) || type == typeof(ObservableCounter<>) ? Kind.Counter
            : Kind.Gauge;
        _bounds = instrument is Instrument<double> { Advice.HistogramBucketBoundaries: { } advised } ? [.. advised]
            : instrument.Unit == "s" ? SecondsBounds
            : Bounds;

        // Observable instruments report their current (or cumulative) value, as does a gauge; the others report increments.
        _replaces = instrument.IsObservable || type == typeof(Gauge<>);
        Name = PrometheusName(instrument, _kind);
        _tagLookup = _byTags.GetAlternateLookup<ReadOnlySpan<KeyValuePair<string, object?>>>();
    }

    public Instrument Instrument { get; }

    public string Name { get; }

    private enum Kind
    {
        Counter,
        Gauge,
        Histogram,
    }

    public void Clear()
    {
        _points.Clear();
        _byTags.Clear();
    }

    /// <summary>
    /// Adds a measurement. Allocates nothing once its tag list was seen, when its values are text, integers, booleans
    /// or enums (as ASP.NET Core's and Kappa's are).
    /// </summary>
    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var cacheable = !Instrument.IsObservable && Cacheable(tags);
        if (!cacheable || !_tagLookup.TryGetValue(tags, out var point))
        {
            var labels = Labels(tags);
            if (!_points.TryGetValue(labels, out point))
            {
                point = new Point(_kind == Kind.Histogram ? new long[_bounds.Length + 1] : null);
                _points[labels] = point;
            }

            if (cacheable)
            {
                _tagLookup.TryAdd(tags, point);
            }
        }

        if (_kind == Kind.Histogram)
        {
            // The first bucket whose bound is not below the value; NaN, like anything above every bound, is in +Inf.
            var bucket = 0;
            while (bucket < _bounds.Length && !(value <= _bounds[bucket]))
            {
                bucket++;
            }

            point.Buckets![bucket]++;
            point.Count++;
            point.Value += value;
        }
        else if (_replaces)
        {
            point.Value = value;
        }
        else
        {
            point.Value += value;
        }
    }

    /// <summary>
    /// A copy of the current points, for the exporter to write out after it lets go of its lock: copying a histogram's
    /// buckets takes a fraction of the time formatting them does, and measurements wait for that lock.
    /// </summary>
    public SeriesSnapshot Snapshot()
    {
        var points = new SeriesSnapshot.Point[_points.Count];
        var i = 0;
        foreach (var (labels, point) in _points)
        {
            points[i++] = new SeriesSnapshot.Point(labels, point.Value, point.Count, point.Buckets is { } buckets ? [.. buckets] : null);
        }

        return new SeriesSnapshot(Name, _kind.ToString().ToLowerInvariant(), Instrument.Description, _kind == Kind.Histogram ? _bounds : null, points);
    }

    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty)
        {
            return string.Empty;
        }

        var pairs = new List<(string Name, string Value)>(tags.Length);
        foreach (var tag in tags)
        {
            pairs.Add((Sanitize(tag.Key), Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? string.Empty));
        }

        return string.Join(',', pairs.OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => $"{p.Name}=\"{Escape(p.Value)}\""));
    }

    /// <summary>
    /// Whether equal values render equal labels and the other way round, so the tag list may stand for its labels.
    /// Not so for floating point (0 and -0 are equal), for dates (equal instants in other offsets) or for a type
    /// compared by reference (every measurement would add an entry).
    /// </summary>
    private static bool Cacheable(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var (_, value) in tags)
        {
            if (value is not (null or string or bool or int or long or short or byte or uint or ulong or ushort or sbyte or char or Enum))
            {
                return false;
            }
        }

        return true;
    }

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>OpenTelemetry's Prometheus naming: dots become underscores, the unit is a suffix, counters end in _total.</summary>
    private static string PrometheusName(Instrument instrument, Kind kind)
    {
        var name = Sanitize(instrument.Name);
        var unit = instrument.Unit switch
        {
            "s" => "_seconds",
            "ms" => "_milliseconds",
            "By" => "_bytes",
            _ => string.Empty,
        };
        if (unit.Length > 0 && !name.EndsWith(unit, StringComparison.Ordinal))
        {
            name += unit;
        }

        return kind == Kind.Counter && !name.EndsWith("_total", StringComparison.Ordinal) ? name + "_total" : name;
    }

    private static string Sanitize(string name)
    {
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (!char.IsAsciiLetterOrDigit(chars[i]) && chars[i] != '_' && chars[i] != ':')
            {
                chars[i] = '_';
            }
        }

        return new string(chars);
    }

    /// <summary>
    /// Tag lists equal element by element: the same names in the same order (ordinal), and equal values
    /// (<see cref="object.Equals(object?, object?)"/>: boxed numbers by value). Looks a list up by a span of it.
    /// </summary>
    private sealed class TagListComparer :
        IEqualityComparer<KeyValuePair<string, object?>[]>,
        IAlternateEqualityComparer<ReadOnlySpan<KeyValuePair<string, object?>>, KeyValuePair<string, object?>[]>
    {
        public static TagListComparer Instance { get; } = new();

        public bool Equals(KeyValuePair<string, object?>[]? x, KeyValuePair<string, object?>[]? y) =>
            ReferenceEquals(x, y) || (x is not null && y is not null && Equals(x.AsSpan(), y));

        public int GetHashCode(KeyValuePair<string, object?>[] obj) => GetHashCode(obj.AsSpan());

        public bool Equals(ReadOnlySpan<KeyValuePair<string, object?>> alternate, KeyValuePair<string, object?>[] other)
        {
            if (alternate.Length != other.Length)
            {
                return false;
            }

            for (var i = 0; i < other.Length; i++)
            {
                if (!string.Equals(alternate[i].Key, other[i].Key, StringComparison.Ordinal) || !object.Equals(alternate[i].Value, other[i].Value))
                {
                    return false;
                }
            }

            return true;
        }

        public int GetHashCode(ReadOnlySpan<KeyValuePair<string, object?>> alternate)
        {
            var hash = default(HashCode);
            foreach (var (key, value) in alternate)
            {
                hash.Add(key, StringComparer.Ordinal);
                hash.Add(value);
            }

            return hash.ToHashCode();
        }

        public KeyValuePair<string, object?>[] Create(ReadOnlySpan<KeyValuePair<string, object?>> alternate) => alternate.ToArray();
    }

    private sealed class Point(long[]? buckets)
    {
        public long[]? Buckets { get; } = buckets;

        public long Count { get; set; }

        public double Value { get; set; }
    }
}
