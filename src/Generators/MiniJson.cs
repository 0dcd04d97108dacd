using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Kappa.Generators;

/// <summary>
/// A small JSON reader for .avsc files: a generator runs inside the compiler on netstandard2.0, where
/// System.Text.Json is not available without shipping it alongside. Objects become dictionaries (property order
/// kept in <see cref="JsonObject.Order"/>), arrays lists, numbers doubles.
/// </summary>
internal sealed class MiniJson
{
    private readonly string _text;
    private int _pos;

    private MiniJson(string text)
    {
        _text = text;
    }

    public static object? Parse(string text)
    {
        var reader = new MiniJson(text);
        var value = reader.ReadValue();
        reader.SkipWhitespace();
        return reader._pos == text.Length ? value : throw reader.Error("unexpected text after the JSON value");
    }

    private object? ReadValue()
    {
        SkipWhitespace();
        if (_pos >= _text.Length)
        {
            throw Error("unexpected end of JSON");
        }

        switch (_text[_pos])
        {
            case '{':
                return ReadObject();
            case '[':
                return ReadArray();
            case '"':
                return ReadString();
            case 't':
                return ReadLiteral("true", true);
            case 'f':
                return ReadLiteral("false", false);
            case 'n':
                return ReadLiteral("null", null);
            default:
                return ReadNumber();
        }
    }

    private JsonObject ReadObject()
    {
        var result = new JsonObject();
        _pos++;
        SkipWhitespace();
        if (Peek() == '}')
        {
            _pos++;
            return result;
        }

        while (true)
        {
            SkipWhitespace();
            var key = ReadString();
            SkipWhitespace();
            Expect(':');
            result.Add(key, ReadValue());
            SkipWhitespace();
            if (Peek() == ',')
            {
                _pos++;
                continue;
            }

            Expect('}');
            return result;
        }
    }

    private List<object?> ReadArray()
    {
        var result = new List<object?>();
        _pos++;
        SkipWhitespace();
        if (Peek() == ']')
        {
            _pos++;
            return result;
        }

        while (true)
        {
            result.Add(ReadValue());
            SkipWhitespace();
            if (Peek() == ',')
            {
                _pos++;
                continue;
            }

            Expect(']');
            return result;
        }
    }

    private string ReadString()
    {
        Expect('"');
        var builder = new StringBuilder();
        while (_pos < _text.Length)
        {
            var c = _text[_pos++];
            if (c == '"')
            {
                return builder.ToString();
            }

            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }

            if (_pos >= _text.Length)
            {
                break;
            }

            var escape = _text[_pos++];
            switch (escape)
            {
                case 'n': builder.Append('\n'); break;
                case 't': builder.Append('\t'); break;
                case 'r': builder.Append('\r'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'u' when _pos + 4 <= _text.Length:
                    builder.Append((char)int.Parse(_text.Substring(_pos, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    _pos += 4;
                    break;
                default: builder.Append(escape); break;
            }
        }

        throw Error("unterminated string");
    }

    private object? ReadLiteral(string literal, object? value)
    {
        if (string.CompareOrdinal(_text, _pos, literal, 0, literal.Length) != 0)
        {
            throw Error($"expected '{literal}'");
        }

        _pos += literal.Length;
        return value;
    }

    private double ReadNumber()
    {
        var start = _pos;
        while (_pos < _text.Length && "+-0123456789.eE".IndexOf(_text[_pos]) >= 0)
        {
            _pos++;
        }

        return double.TryParse(_text.Substring(start, _pos - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw Error("expected a JSON value");
    }

    private void SkipWhitespace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
        {
            _pos++;
        }
    }

    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private void Expect(char c)
    {
        if (Peek() != c)
        {
            throw Error($"expected '{c}'");
        }

        _pos++;
    }

    private FormatException Error(string message) => new($"{message} at character {_pos}");
}

/// <summary>A JSON object that remembers its property order.</summary>
internal sealed class JsonObject : Dictionary<string, object?>
{
    public List<string> Order { get; } = [];

    public new void Add(string key, object? value)
    {
        this[key] = value;
        Order.Add(key);
    }

    public string? String(string key) => TryGetValue(key, out var value) ? value as string : null;
}
