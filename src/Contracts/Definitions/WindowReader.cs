namespace Kappa.Contracts.Definitions;

/// <summary>
/// Reads the <c>window</c> mapping: exactly one shape key (<c>tumbling</c>, <c>hopping</c>, <c>sliding</c>,
/// <c>session</c>, <c>calendar</c>) and, for weekly calendar windows only, <c>week-start</c>.
/// </summary>
internal static class WindowReader
{
    private static readonly string[] Shapes = ["tumbling", "hopping", "sliding", "session", "calendar"];
    private static readonly string[] Keys = [.. Shapes, "week-start"];
    private static readonly string[] HoppingKeys = ["size", "advance"];
    private static readonly string[] SessionKeys = ["gap"];

    private static readonly (string, CalendarUnit)[] Units =
    [
        ("hour", CalendarUnit.Hour),
        ("day", CalendarUnit.Day),
        ("week", CalendarUnit.Week),
        ("month", CalendarUnit.Month),
    ];

    private static readonly (string, DayOfWeek)[] Days =
    [
        ("monday", DayOfWeek.Monday),
        ("tuesday", DayOfWeek.Tuesday),
        ("wednesday", DayOfWeek.Wednesday),
        ("thursday", DayOfWeek.Thursday),
        ("friday", DayOfWeek.Friday),
        ("saturday", DayOfWeek.Saturday),
        ("sunday", DayOfWeek.Sunday),
    ];

    /// <summary>The window spec, or null when it had errors (already reported).</summary>
    public static WindowSpec? Read(DefinitionNode node, DefinitionErrors errors)
    {
        var window = MappingReader.Open(node, "'window'", Keys, errors);
        if (window is null)
        {
            return null;
        }

        var shapes = window.Keys.Where(k => Shapes.Contains(k.Value)).ToArray();
        if (shapes.Length == 0)
        {
            errors.Add(window.Location, $"'window' needs one of: {string.Join(", ", Shapes)}");
            return null;
        }

        if (shapes.Length > 1)
        {
            errors.Add(shapes[1].Location, $"'window' has more than one shape ('{shapes[0].Value}' and '{shapes[1].Value}'); choose one");
            return null;
        }

        return shapes[0].Value switch
        {
            "tumbling" => Sized(window, "tumbling", errors) is { } size ? new TumblingWindowSpec(size, window.Location) : null,
            "sliding" => Sized(window, "sliding", errors) is { } size ? new SlidingWindowSpec(size, window.Location) : null,
            "hopping" => Hopping(window, errors),
            "session" => Session(window, errors),
            _ => Calendar(window, errors),
        };
    }

    private static TimeSpan? Sized(MappingReader window, string shape, DefinitionErrors errors)
    {
        var size = ValueReader.Duration(window.OptionalScalar(shape), shape, allowZero: false, errors);
        return WeekStartMisplaced(window, errors) ? null : size;
    }

    private static HoppingWindowSpec? Hopping(MappingReader window, DefinitionErrors errors)
    {
        var hopping = MappingReader.Open(window.Optional("hopping")!, "'hopping'", HoppingKeys, errors);
        if (WeekStartMisplaced(window, errors) || hopping is null)
        {
            return null;
        }

        var sizeNode = hopping.RequiredScalar("size");
        var advanceNode = hopping.RequiredScalar("advance");
        var size = ValueReader.Duration(sizeNode, "size", allowZero: false, errors);
        var advance = ValueReader.Duration(advanceNode, "advance", allowZero: false, errors);
        if (size is null || advance is null)
        {
            return null;
        }

        if (advance > size)
        {
            errors.Add(advanceNode!.Location, $"hopping 'advance' ({advanceNode.Value}) must not exceed 'size' ({sizeNode!.Value})");
            return null;
        }

        return new HoppingWindowSpec(size.Value, advance.Value, window.Location);
    }

    private static SessionWindowSpec? Session(MappingReader window, DefinitionErrors errors)
    {
        var session = MappingReader.Open(window.Optional("session")!, "'session'", SessionKeys, errors);
        if (WeekStartMisplaced(window, errors) || session is null)
        {
            return null;
        }

        var gap = ValueReader.Duration(session.RequiredScalar("gap"), "gap", allowZero: false, errors);
        return gap is null ? null : new SessionWindowSpec(gap.Value, window.Location);
    }

    private static CalendarWindowSpec? Calendar(MappingReader window, DefinitionErrors errors)
    {
        var unit = ValueReader.Keyword(window.OptionalScalar("calendar"), "calendar unit", Units, errors);
        if (unit is null)
        {
            return null;
        }

        if (unit != CalendarUnit.Week)
        {
            return WeekStartMisplaced(window, errors) ? null : new CalendarWindowSpec(unit.Value, null, window.Location);
        }

        if (window.Optional("week-start") is null)
        {
            return new CalendarWindowSpec(unit.Value, DayOfWeek.Monday, window.Location);
        }

        var weekStart = ValueReader.Keyword(window.OptionalScalar("week-start"), "week-start day", Days, errors);
        return weekStart is null ? null : new CalendarWindowSpec(unit.Value, weekStart, window.Location);
    }

    /// <summary>Reports a <c>week-start</c> on anything but a weekly calendar window.</summary>
    private static bool WeekStartMisplaced(MappingReader window, DefinitionErrors errors)
    {
        var weekStart = window.Keys.FirstOrDefault(k => k.Value == "week-start");
        if (weekStart is not null)
        {
            errors.Add(weekStart.Location, "'week-start' applies only to 'calendar: week'");
        }

        return weekStart is not null;
    }
}
