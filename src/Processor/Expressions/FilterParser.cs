using System.Text;
using Kappa.Processor.Events;

namespace Kappa.Processor.Expressions;

/// <summary>
/// Recursive-descent parser of the filter language, lowest precedence first:
/// <code>
/// or         := and ( '||' and )*
/// and        := unary ( '&amp;&amp;' unary )*
/// unary      := '!' unary | primary
/// primary    := '(' or ')' | operand [ compare operand | 'in' '(' literal ( ',' literal )* ')' ]
/// operand    := field | literal
/// </code>
/// Comparisons do not chain (<c>a &lt; b &lt; c</c> is an error), and <c>!</c> applies to the whole comparison
/// that follows it, as SQL's NOT does: <c>!a == 1</c> is <c>!(a == 1)</c>.
/// </summary>
internal sealed class FilterParser
{
    private readonly string _text;
    private readonly List<FilterToken> _tokens;
    private int _next;

    private FilterParser(string text)
    {
        _text = text;
        _tokens = FilterLexer.Tokenize(text);
    }

    /// <summary>Parses a whole filter.</summary>
    /// <exception cref="FilterSyntaxException">The text is not a filter.</exception>
    public static FilterSyntax Parse(string text)
    {
        var parser = new FilterParser(text);
        if (parser.Current.Kind == FilterTokenKind.End)
        {
            throw new FilterSyntaxException(text, 1, "the filter is empty");
        }

        var syntax = parser.ParseOr();
        if (parser.Current.Kind != FilterTokenKind.End)
        {
            throw parser.Unexpected("expected '&&', '||' or the end of the filter");
        }

        return syntax;
    }

    private FilterToken Current => _tokens[_next];

    private FilterToken Advance() => _tokens[_next++];

    private FilterSyntax ParseOr()
    {
        var left = ParseAnd();
        while (Current.Kind == FilterTokenKind.Or)
        {
            var op = Advance();
            left = new OrSyntax(left, ParseAnd(), op.Column);
        }

        return left;
    }

    private FilterSyntax ParseAnd()
    {
        var left = ParseUnary();
        while (Current.Kind == FilterTokenKind.And)
        {
            var op = Advance();
            left = new AndSyntax(left, ParseUnary(), op.Column);
        }

        return left;
    }

    private FilterSyntax ParseUnary()
    {
        if (Current.Kind != FilterTokenKind.Not)
        {
            return ParsePrimary();
        }

        var not = Advance();
        return new NotSyntax(ParseUnary(), not.Column);
    }

    private FilterSyntax ParsePrimary()
    {
        if (Current.Kind == FilterTokenKind.OpenParen)
        {
            Advance();
            var inner = ParseOr();
            Expect(FilterTokenKind.CloseParen, "expected ')'");
            return inner;
        }

        var left = ParseOperand("expected a field, a value, '!' or '('");
        if (Current.Kind == FilterTokenKind.In)
        {
            return ParseIn(left);
        }

        if (ComparisonOf(Current.Kind) is not { } op)
        {
            return left;
        }

        var opToken = Advance();
        var right = ParseOperand($"expected a field or a value after '{opToken.Text}'");
        if (ComparisonOf(Current.Kind) is not null)
        {
            throw Unexpected("comparisons do not chain; join them with '&&'");
        }

        return new ComparisonSyntax(left, op, right, opToken.Column);
    }

    private InSyntax ParseIn(OperandSyntax operand)
    {
        var inToken = Advance();
        Expect(FilterTokenKind.OpenParen, "expected '(' after 'in'");
        var items = new List<LiteralSyntax>();
        do
        {
            if (ParseOperand("expected a value") is not LiteralSyntax literal)
            {
                throw new FilterSyntaxException(_text, _tokens[_next - 1].Column, "'in' lists values only, not fields");
            }

            items.Add(literal);
        }
        while (TryConsume(FilterTokenKind.Comma));

        Expect(FilterTokenKind.CloseParen, "expected ',' or ')'");
        return new InSyntax(operand, items, inToken.Column);
    }

    private OperandSyntax ParseOperand(string expectation)
    {
        var token = Current;
        OperandSyntax operand = token.Kind switch
        {
            FilterTokenKind.Field => new FieldSyntax(token.Value, token.Column),
            FilterTokenKind.String => new LiteralSyntax(FieldValue.FromUtf8(Encoding.UTF8.GetBytes(token.Value)), token.Text, token.Column),
            FilterTokenKind.Number => new LiteralSyntax(FieldValue.FromNumber(token.Number), token.Text, token.Column),
            FilterTokenKind.True => new LiteralSyntax(FieldValue.FromBoolean(true), token.Text, token.Column),
            FilterTokenKind.False => new LiteralSyntax(FieldValue.FromBoolean(false), token.Text, token.Column),
            FilterTokenKind.Null => new LiteralSyntax(FieldValue.NullValue, token.Text, token.Column),
            _ => throw Unexpected(expectation),
        };
        Advance();
        return operand;
    }

    private static ComparisonOperator? ComparisonOf(FilterTokenKind kind) => kind switch
    {
        FilterTokenKind.Equal => ComparisonOperator.Equal,
        FilterTokenKind.NotEqual => ComparisonOperator.NotEqual,
        FilterTokenKind.Less => ComparisonOperator.Less,
        FilterTokenKind.LessOrEqual => ComparisonOperator.LessOrEqual,
        FilterTokenKind.Greater => ComparisonOperator.Greater,
        FilterTokenKind.GreaterOrEqual => ComparisonOperator.GreaterOrEqual,
        _ => null,
    };

    private void Expect(FilterTokenKind kind, string expectation)
    {
        if (!TryConsume(kind))
        {
            throw Unexpected(expectation);
        }
    }

    private bool TryConsume(FilterTokenKind kind)
    {
        if (Current.Kind != kind)
        {
            return false;
        }

        Advance();
        return true;
    }

    private FilterSyntaxException Unexpected(string expectation) =>
        new(_text, Current.Column, expectation, Current.Describe());
}
