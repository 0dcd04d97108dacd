namespace Kappa.Processor.Expressions;

/// <summary>The kinds of token of the filter language.</summary>
internal enum FilterTokenKind
{
    End,
    Field,
    String,
    Number,
    True,
    False,
    Null,
    In,
    OpenParen,
    CloseParen,
    Comma,
    And,
    Or,
    Not,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

/// <summary>
/// One token. <see cref="Column"/> is 1-based. <see cref="Text"/> is the source text of the token;
/// <see cref="Value"/> is its meaning: the unescaped string, the field path with quoting removed, or the
/// lower-case keyword; <see cref="Number"/> is a number's value.
/// </summary>
internal readonly record struct FilterToken(FilterTokenKind Kind, int Column, string Text, string Value, decimal Number = 0)
{
    /// <summary>How the token reads in a message: <c>'&amp;&amp;'</c>, <c>field 'amount'</c>, <c>end of filter</c>.</summary>
    public string Describe() => Kind switch
    {
        FilterTokenKind.End => "end of filter",
        FilterTokenKind.Field => $"field '{Value}'",
        FilterTokenKind.String => $"string {Text}",
        FilterTokenKind.Number => $"number {Text}",
        _ => $"'{Text}'",
    };
}
