namespace Kappa.Contracts.Definitions;

/// <summary>
/// The written form of aggregate calls such as <c>sum(amount)</c>, <c>count()</c> or <c>top(amount, 5)</c>:
/// a function name, parentheses, and comma-separated arguments (field paths, or a whole number where the
/// function asks for one). Whitespace around names and arguments is ignored. Only <see cref="NameOf"/> is
/// public; parsing is the loader's.
/// </summary>
public static class AggregateSyntax
{
    /// <summary>The largest n of <c>top(f, n)</c>; the state of a top aggregate grows with n.</summary>
    internal const int MaxTop = 1000;

    private static readonly (string Name, AggregateFunction Function)[] Functions =
    [
        ("count", AggregateFunction.Count),
        ("count_distinct", AggregateFunction.CountDistinct),
        ("sum", AggregateFunction.Sum),
        ("avg", AggregateFunction.Avg),
        ("min", AggregateFunction.Min),
        ("max", AggregateFunction.Max),
        ("top", AggregateFunction.Top),
        ("first", AggregateFunction.First),
        ("last", AggregateFunction.Last),
    ];

    /// <summary>The name a function is written with in YAML: <c>count</c>, <c>count_distinct</c>, <c>sum</c>, ...</summary>
    /// <param name="function">The function.</param>
    public static string NameOf(AggregateFunction function) => Functions.First(f => f.Function == function).Name;

    /// <summary>
    /// Parses <paramref name="text"/>, or returns null after adding at least one problem with its offset into
    /// the text, so the caller can point at the exact column.
    /// </summary>
    internal static (AggregateFunction Function, string[] Arguments)? Parse(string text, List<(int Offset, string Message)> problems)
    {
        var position = SkipSpaces(text, 0);
        var nameStart = position;
        while (position < text.Length && (char.IsAsciiLetterOrDigit(text[position]) || text[position] == '_'))
        {
            position++;
        }

        var name = text[nameStart..position];
        if (name.Length == 0)
        {
            problems.Add((nameStart, $"expected an aggregate such as count() or sum(amount), found '{text}'"));
            return null;
        }

        position = SkipSpaces(text, position);
        if (position >= text.Length || text[position] != '(')
        {
            problems.Add((position, $"expected '(' after '{name}'; write e.g. {name}(amount)"));
            return null;
        }

        var close = text.IndexOf(')', position);
        if (close < 0)
        {
            problems.Add((text.Length, "expected ')' to close the arguments"));
            return null;
        }

        var trailing = SkipSpaces(text, close + 1);
        if (trailing < text.Length)
        {
            problems.Add((trailing, $"unexpected '{text[trailing..]}' after ')'"));
            return null;
        }

        var index = Array.FindIndex(Functions, f => f.Name == name);
        if (index < 0)
        {
            var names = Functions.Select(f => f.Name).ToArray();
            var hint = Suggestions.Closest(name, names) is { } suggestion
                ? $"did you mean '{suggestion}'?"
                : $"expected one of: {string.Join(", ", names)}";
            problems.Add((nameStart, $"unknown aggregate function '{name}'; {hint}"));
            return null;
        }

        var function = Functions[index].Function;
        var arguments = SplitArguments(text, position + 1, close, problems);
        if (arguments is null || !CheckArguments(function, arguments, close, problems))
        {
            return null;
        }

        return (function, arguments.Select(a => a.Text).ToArray());
    }

    private static List<(int Offset, string Text)>? SplitArguments(string text, int start, int end, List<(int Offset, string Message)> problems)
    {
        var arguments = new List<(int Offset, string Text)>();
        if (text.AsSpan(start, end - start).IsWhiteSpace())
        {
            return arguments;
        }

        var argumentStart = start;
        for (var i = start; i <= end; i++)
        {
            if (i < end && text[i] != ',')
            {
                continue;
            }

            var offset = SkipSpaces(text, argumentStart);
            var argument = text[argumentStart..i].Trim();
            if (argument.Length == 0)
            {
                problems.Add((Math.Min(offset, i), "empty argument"));
                return null;
            }

            arguments.Add((offset, argument));
            argumentStart = i + 1;
        }

        return arguments;
    }

    private static bool CheckArguments(AggregateFunction function, List<(int Offset, string Text)> arguments, int close, List<(int Offset, string Message)> problems)
    {
        var name = NameOf(function);
        var (min, max, usage) = function switch
        {
            AggregateFunction.Count => (0, 1, "count() or count(field)"),
            AggregateFunction.Top => (2, 2, "top(field, n), e.g. top(amount, 5)"),
            _ => (1, 1, $"{name}(field), e.g. {name}(amount)"),
        };
        if (arguments.Count < min || arguments.Count > max)
        {
            var offset = arguments.Count > max ? arguments[max].Offset : close;
            problems.Add((offset, $"{name} takes {Plural(min, max)}; write {usage}"));
            return false;
        }

        var ok = true;
        for (var i = 0; i < arguments.Count; i++)
        {
            var (offset, argument) = arguments[i];
            if (function == AggregateFunction.Top && i == 1)
            {
                if (!int.TryParse(argument, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) || n is < 1 or > MaxTop)
                {
                    problems.Add((offset, $"top's n must be a whole number from 1 to {MaxTop}, found '{argument}'"));
                    ok = false;
                }
            }
            else if (!NameRules.IsFieldPath(argument))
            {
                problems.Add((offset, $"'{argument}' is not a field path (letters, digits, '_' and '-', parts separated by '.')"));
                ok = false;
            }
        }

        return ok;
    }

    private static string Plural(int min, int max) => (min, max) switch
    {
        (0, 1) => "no argument or one",
        (1, 1) => "one argument",
        _ => $"{min} arguments",
    };

    private static int SkipSpaces(string text, int position)
    {
        while (position < text.Length && char.IsWhiteSpace(text[position]))
        {
            position++;
        }

        return position;
    }
}
