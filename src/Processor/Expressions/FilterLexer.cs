using System.Globalization;
using System.Text;

namespace Kappa.Processor.Expressions;

/// <summary>
/// Splits filter text into tokens. Field paths are single tokens: segments joined by '.' without spaces,
/// each an identifier (<c>[A-Za-z_][A-Za-z0-9_]*</c>) or a backtick-quoted name (<c>`order-id`</c>, with
/// <c>``</c> for a backtick; any character but '.'). The words <c>true false null in</c> are keywords in any
/// letter case when they stand alone; <c>and or not</c> are reserved so that SQL habits get a clear message.
/// </summary>
internal sealed class FilterLexer
{
    private static readonly string[] Reserved = ["and", "or", "not"];

    private readonly string _text;
    private int _position;

    private FilterLexer(string text) => _text = text;

    /// <summary>The tokens of <paramref name="text"/>, ending with <see cref="FilterTokenKind.End"/>.</summary>
    /// <exception cref="FilterSyntaxException">The text holds something that is no token.</exception>
    public static List<FilterToken> Tokenize(string text)
    {
        var lexer = new FilterLexer(text);
        var tokens = new List<FilterToken>();
        FilterToken token;
        do
        {
            token = lexer.Next();
            tokens.Add(token);
        }
        while (token.Kind != FilterTokenKind.End);

        return tokens;
    }

    private FilterToken Next()
    {
        while (_position < _text.Length && char.IsWhiteSpace(_text[_position]))
        {
            _position++;
        }

        if (_position >= _text.Length)
        {
            return new FilterToken(FilterTokenKind.End, _text.Length + 1, string.Empty, string.Empty);
        }

        var start = _position;
        var c = _text[_position];
        return c switch
        {
            '(' => Symbol(FilterTokenKind.OpenParen, 1),
            ')' => Symbol(FilterTokenKind.CloseParen, 1),
            ',' => Symbol(FilterTokenKind.Comma, 1),
            '&' => Pair('&', FilterTokenKind.And, "'&&'"),
            '|' => Pair('|', FilterTokenKind.Or, "'||'"),
            '=' => Pair('=', FilterTokenKind.Equal, "'==' to compare"),
            '!' => Peek(1) == '=' ? Symbol(FilterTokenKind.NotEqual, 2) : Symbol(FilterTokenKind.Not, 1),
            '<' => Peek(1) == '=' ? Symbol(FilterTokenKind.LessOrEqual, 2) : Symbol(FilterTokenKind.Less, 1),
            '>' => Peek(1) == '=' ? Symbol(FilterTokenKind.GreaterOrEqual, 2) : Symbol(FilterTokenKind.Greater, 1),
            '\'' or '"' => ReadString(c),
            '-' when char.IsAsciiDigit(Peek(1)) => ReadNumber(),
            _ when char.IsAsciiDigit(c) => ReadNumber(),
            _ when IsIdentifierStart(c) || c == '`' => ReadField(),
            _ => throw Error(start, $"unexpected character '{c}'"),
        };
    }

    private char Peek(int offset) => _position + offset < _text.Length ? _text[_position + offset] : '\0';

    private FilterToken Symbol(FilterTokenKind kind, int length)
    {
        var token = new FilterToken(kind, _position + 1, _text.Substring(_position, length), string.Empty);
        _position += length;
        return token;
    }

    /// <summary>A two-character operator whose single character means nothing (and is a common slip).</summary>
    private FilterToken Pair(char c, FilterTokenKind kind, string expected) =>
        Peek(1) == c ? Symbol(kind, 2) : throw Error(_position, $"expected {expected}", $"'{c}'");

    private FilterToken ReadString(char quote)
    {
        var start = _position++;
        var value = new StringBuilder();
        while (true)
        {
            if (_position >= _text.Length)
            {
                throw Error(start, "unterminated string");
            }

            var c = _text[_position];
            if (c == quote)
            {
                _position++;
                break;
            }

            if (c != '\\')
            {
                value.Append(c);
                _position++;
                continue;
            }

            value.Append(ReadEscape(start));
        }

        var text = value.ToString();
        if (!IsWellFormedUtf16(text))
        {
            throw Error(start, "string holds an unpaired surrogate escape");
        }

        return new FilterToken(FilterTokenKind.String, start + 1, _text[start.._position], text);
    }

    private char ReadEscape(int stringStart)
    {
        var start = _position;
        var escape = Peek(1);
        _position += 2;
        switch (escape)
        {
            case '\\' or '\'' or '"' or '/':
                return escape;
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            case 'u' when _position + 4 <= _text.Length
                && ushort.TryParse(_text.AsSpan(_position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code):
                _position += 4;
                return (char)code;
            default:
                throw escape == '\0' && start + 1 >= _text.Length
                    ? Error(stringStart, "unterminated string")
                    : Error(start, $"invalid escape '\\{escape}'; use \\\\, \\', \\\", \\n, \\r, \\t or \\uXXXX");
        }
    }

    private FilterToken ReadNumber()
    {
        var start = _position;
        if (_text[_position] == '-')
        {
            _position++;
        }

        SkipDigits();
        if (Peek(0) == '.' && char.IsAsciiDigit(Peek(1)))
        {
            _position++;
            SkipDigits();
        }

        if (Peek(0) is 'e' or 'E')
        {
            _position++;
            if (Peek(0) is '+' or '-')
            {
                _position++;
            }

            if (!char.IsAsciiDigit(Peek(0)))
            {
                throw Error(start, "malformed number");
            }

            SkipDigits();
        }

        if (IsIdentifierPart(Peek(0)) || Peek(0) == '.')
        {
            throw Error(start, "malformed number", $"'{_text[start..(_position + 1)]}'");
        }

        var text = _text[start.._position];
        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            throw Error(start, "number out of range (literals must fit a decimal: 28 significant digits, up to 7.9e28)", text);
        }

        return new FilterToken(FilterTokenKind.Number, start + 1, text, text, number);
    }

    private FilterToken ReadField()
    {
        var start = _position;
        var segments = new List<string>();
        var quoted = false;
        while (true)
        {
            if (Peek(0) == '`')
            {
                segments.Add(ReadQuotedSegment());
                quoted = true;
            }
            else if (IsIdentifierStart(Peek(0)))
            {
                var segmentStart = _position;
                while (IsIdentifierPart(Peek(0)))
                {
                    _position++;
                }

                segments.Add(_text[segmentStart.._position]);
            }
            else
            {
                throw Error(_position, "expected a field name after '.'", Found());
            }

            if (Peek(0) != '.')
            {
                break;
            }

            _position++;
        }

        var text = _text[start.._position];
        if (!quoted && segments.Count == 1)
        {
            var word = segments[0].ToLowerInvariant();
            var keyword = word switch
            {
                "true" => FilterTokenKind.True,
                "false" => FilterTokenKind.False,
                "null" => FilterTokenKind.Null,
                "in" => FilterTokenKind.In,
                _ => FilterTokenKind.Field,
            };
            if (Reserved.Contains(word))
            {
                var replacement = word switch { "and" => "&&", "or" => "||", _ => "!" };
                throw Error(start, $"use '{replacement}' instead of '{text}' (write `{text}` for a field of that name)");
            }

            if (keyword != FilterTokenKind.Field)
            {
                return new FilterToken(keyword, start + 1, text, word);
            }
        }

        return new FilterToken(FilterTokenKind.Field, start + 1, text, string.Join('.', segments));
    }

    private string ReadQuotedSegment()
    {
        var start = _position++;
        var name = new StringBuilder();
        while (true)
        {
            if (_position >= _text.Length)
            {
                throw Error(start, "unterminated quoted field name");
            }

            var c = _text[_position++];
            if (c == '`')
            {
                if (Peek(0) != '`')
                {
                    break;
                }

                _position++;
            }
            else if (c == '.')
            {
                throw Error(_position - 1, "a quoted field name cannot contain '.'; quote each part: `a`.`b`");
            }

            name.Append(c);
        }

        if (name.Length == 0)
        {
            throw Error(start, "empty quoted field name");
        }

        return name.ToString();
    }

    private void SkipDigits()
    {
        while (char.IsAsciiDigit(Peek(0)))
        {
            _position++;
        }
    }

    private string Found() => _position < _text.Length ? $"'{_text[_position]}'" : "end of filter";

    private FilterSyntaxException Error(int index, string reason, string? found = null) => new(_text, index + 1, reason, found);

    private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsIdentifierPart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static bool IsWellFormedUtf16(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
