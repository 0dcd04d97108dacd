#!/usr/bin/env python3
"""Conformance fixture: Apache Avro's Python implementation (Debian python3-avro) as the reference for Kappa.

Modes (JSON on stdout):
  cases                      encoded values for every type and logical type: [{name, schema, hex, expected}]
  decode                     stdin [{schema, reader?, hex}] -> [{value} | {error}]
  resolve                    writer-encoded values read with evolved reader schemas: [{name, writer, reader, hex, expected | error}]
  container-write DIR        writes DIR/null.avro and DIR/deflate.avro -> {schema, expected}
  container-read FILE        -> {codec, records}
  fuzz-seeds                 [{writer, reader, hex}] of cases and resolve, the fuzz test's seed corpus (fuzz-seeds.json)

Values are normalised so both sides can print them identically: bytes and fixed as hex, floats and doubles as the
hex of their IEEE double bits, decimals as plain strings, dates as ISO dates, times as microseconds after midnight,
timestamps as microseconds since the epoch; records and maps as objects, enums as symbols.
"""
import datetime
import decimal
import io
import json
import os
import struct
import sys
import uuid
import warnings

import avro.datafile
import avro.io
import avro.schema

warnings.simplefilter("ignore")
UTC = datetime.timezone.utc
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=UTC)


def norm(v):
    if v is None or isinstance(v, (bool, int, str)):
        return v
    if isinstance(v, float):
        return struct.pack("<d", v).hex()
    if isinstance(v, (bytes, bytearray)):
        return bytes(v).hex()
    if isinstance(v, decimal.Decimal):
        return str(v)
    if isinstance(v, uuid.UUID):
        return str(v)
    if isinstance(v, datetime.datetime):
        return (v - EPOCH) // datetime.timedelta(microseconds=1)
    if isinstance(v, datetime.date):
        return v.isoformat()
    if isinstance(v, datetime.time):
        return ((v.hour * 60 + v.minute) * 60 + v.second) * 1000000 + v.microsecond
    if isinstance(v, dict):
        return {k: norm(x) for k, x in v.items()}
    if isinstance(v, list):
        return [norm(x) for x in v]
    raise TypeError(type(v))


def parse(text):
    return avro.schema.parse(text)


def encode(schema, value):
    out = io.BytesIO()
    avro.io.DatumWriter(schema).write(value, avro.io.BinaryEncoder(out))
    return out.getvalue()


def decode(writer, reader, data):
    return avro.io.DatumReader(writer, reader).read(avro.io.BinaryDecoder(io.BytesIO(data)))


# Every type and logical type in one record; shared with the C# tests (fuzzing, container files).
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "all_types.avsc"), encoding="utf-8") as schema_file:
    ALL_TYPES = schema_file.read()


def all_types(k):
    return {
        "n": None, "b": k % 2 == 0, "i": [-2147483648, 2147483647, 0, -1][k % 4], "l": [-9223372036854775808, 9223372036854775807, 64, -65][k % 4],
        "f": [3.25, -0.0, 1.5e-45, 3.4028234663852886e38][k % 4], "d": [1e300, -2.5, 5e-324, 0.1][k % 4],
        "by": bytes(range(k, k + 5)), "s": ["", "héllo ✓ \U0001F600", "plain", "x" * 200][k % 4],
        "e": ["SPADES", "HEARTS", "DIAMONDS", "CLUBS"][k % 4], "fx": bytes([k, 1, 2, 255]),
        "a": list(range(k * 3)), "m": {f"k{j}": f"v{j}" for j in range(k)}, "u": [None, "str", 12345678901, None][k % 4],
        "nested": {"x": k, "tags": ["a", "b"][: k % 3]}, "inners": [{"x": j, "tags": []} for j in range(k % 3)],
        "suits": {"a": None, "b": "CLUBS"} if k % 2 else {},
        "list": {"value": 1, "next": {"value": 2, "next": {"value": 3, "next": None}}} if k % 2 else {"value": 0, "next": None},
        "dec_bytes": [decimal.Decimal("123.45"), decimal.Decimal("-0.01"), decimal.Decimal("0.00"), decimal.Decimal("-9999999999.99")][k % 4],
        "dec_fixed": [decimal.Decimal("3.1416"), decimal.Decimal("-271.8281"), decimal.Decimal("0.0000"), decimal.Decimal("99999999999999.9999")][k % 4],
        "id": str(uuid.UUID(int=(k + 1) * 0x1234567890ABCDEF1234567890ABCDEF % (1 << 128))),
        "day": [datetime.date(1970, 1, 1), datetime.date(2024, 2, 29), datetime.date(1900, 12, 31), datetime.date(9999, 12, 31)][k % 4],
        "tm": datetime.time(23, 59, 59, 999000) if k % 2 else datetime.time(0, 0, 0),
        "tu": datetime.time(12, 34, 56, 123456) if k % 2 else datetime.time(0, 0, 0, 1),
        "tsm": datetime.datetime(2024, 5, 6, 7, 8, 9, 123000, tzinfo=UTC) if k % 2 else datetime.datetime(1960, 1, 1, tzinfo=UTC),
        "tsu": datetime.datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=UTC) if k % 2 else datetime.datetime(1969, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
        "tsn": 1714979289123456789 * (1 if k % 2 else -1), "ltm": 1714979289123 + k, "ltu": -1714979289123456 - k, "ltn": 42 + k,
        "dur": struct.pack("<III", k, 30 + k, 86400000 - k), "bogus": k * 7,
    }


PRIMITIVES = [
    ("null", "null", None), ("boolean", "boolean", True), ("boolean-false", "boolean", False),
    ("int-min", "int", -2147483648), ("int-max", "int", 2147483647), ("int-zero", "int", 0), ("int-64", "int", 64), ("int-neg65", "int", -65),
    ("long-min", "long", -9223372036854775808), ("long-max", "long", 9223372036854775807), ("long-2^35", "long", 1 << 35),
    ("float", "float", 3.25), ("float-neg-zero", "float", -0.0), ("float-inf", "float", float("inf")),
    ("double", "double", -2.5e-300), ("double-inf", "double", float("-inf")),
    ("bytes-empty", "bytes", b""), ("bytes", "bytes", bytes(range(256))), ("string", "string", "Ωmega – ✓"),
    ("array-long", '{"type":"array","items":"long"}', [1, -1, 1 << 40]), ("map-double", '{"type":"map","values":"double"}', {"pi": 3.14159, "e": 2.71828}),
    ("union-null", '["null","int"]', None), ("union-int", '["null","int"]', 7),
    ("enum", '{"type":"enum","name":"E","symbols":["A","B","C"]}', "C"),
    ("fixed", '{"type":"fixed","name":"F","size":3}', b"\x01\x02\x03"),
    ("empty-record", '{"type":"record","name":"Empty","fields":[]}', {}),
]


def cases():
    result = []
    for name, schema_text, value in PRIMITIVES:
        schema_text = schema_text if schema_text[0] in "{[" else json.dumps(schema_text)
        schema = parse(schema_text)
        data = encode(schema, value)
        result.append({"name": name, "schema": schema_text, "hex": data.hex(), "expected": norm(decode(schema, schema, data))})
    schema = parse(ALL_TYPES)
    for k in range(4):
        data = encode(schema, all_types(k))
        result.append({"name": f"all-types-{k}", "schema": ALL_TYPES, "hex": data.hex(), "expected": norm(decode(schema, schema, data))})
    return result


def record(name, fields, extra=None):
    schema = {"type": "record", "name": name, "fields": fields}
    schema.update(extra or {})
    return json.dumps(schema)


SUIT_W = {"type": "enum", "name": "Suit", "symbols": ["SPADES", "HEARTS", "JOKER"]}
SUIT_R = {"type": "enum", "name": "Suit", "symbols": ["SPADES", "HEARTS"], "default": "SPADES"}
SUIT_R_NO_DEFAULT = {"type": "enum", "name": "Suit", "symbols": ["SPADES", "HEARTS"]}

# (name, writer schema, reader schema, value written[, expected per the specification where python3-avro 1.11 fails])
RESOLVE = [
    ("int-to-long", '"int"', '"long"', -123),
    ("int-to-float", '"int"', '"float"', 16777217, norm(16777216.0)),
    ("int-to-double", '"int"', '"double"', -2147483648, norm(-2147483648.0)),
    ("long-to-float", '"long"', '"float"', 9007199254740993, norm(9007199254740992.0)),
    ("long-to-double", '"long"', '"double"', 9007199254740993, norm(9007199254740992.0)),
    ("float-to-double", '"float"', '"double"', 0.1),
    ("string-to-bytes", '"string"', '"bytes"', "✓ ok", "e29c93206f6b"),
    ("bytes-to-string", '"bytes"', '"string"', "plain".encode(), "plain"),
    ("array-promotion", '{"type":"array","items":"int"}', '{"type":"array","items":"double"}', [1, 2, 3],
     [norm(1.0), norm(2.0), norm(3.0)]),
    ("map-promotion", '{"type":"map","values":"long"}', '{"type":"map","values":"float"}', {"a": 1, "b": -2},
     {"a": norm(1.0), "b": norm(-2.0)}),
    ("added-field-defaults",
     record("R", [{"name": "a", "type": "int"}]),
     record("R", [{"name": "a", "type": "long"},
                  {"name": "s", "type": "string", "default": "dflt"},
                  {"name": "o", "type": ["null", "int"], "default": None},
                  {"name": "arr", "type": {"type": "array", "items": "int"}, "default": [1, 2]},
                  {"name": "mp", "type": {"type": "map", "values": "boolean"}, "default": {"t": True}},
                  {"name": "by", "type": "bytes", "default": "\u0001A"},
                  {"name": "e", "type": SUIT_R, "default": "HEARTS"},
                  {"name": "sub", "type": {"type": "record", "name": "Sub", "fields": [{"name": "q", "type": "double"}]}, "default": {"q": 1.5}}]),
     {"a": 5}),
    ("removed-fields-skipped",
     record("R", [{"name": "drop_i", "type": "int"}, {"name": "keep", "type": "string"},
                  {"name": "drop_arr", "type": {"type": "array", "items": {"type": "map", "values": "bytes"}}},
                  {"name": "drop_rec", "type": {"type": "record", "name": "D", "fields": [{"name": "f", "type": "float"}, {"name": "d", "type": "double"}]}},
                  {"name": "drop_union", "type": ["null", "string", {"type": "fixed", "name": "F3", "size": 3}]},
                  {"name": "drop_enum", "type": SUIT_W}, {"name": "tail", "type": "boolean"}]),
     record("R", [{"name": "tail", "type": "boolean"}, {"name": "keep", "type": "string"}]),
     {"drop_i": 1, "keep": "kept", "drop_arr": [{"x": b"12", "y": b""}, {}], "drop_rec": {"f": 1.0, "d": 2.0},
      "drop_union": b"abc", "drop_enum": "JOKER", "tail": True}),
    ("field-alias",
     record("R", [{"name": "old_name", "type": "int"}]),
     record("R", [{"name": "new_name", "type": "int", "aliases": ["old_name"]}]),
     {"old_name": 9}, {"new_name": 9}),
    ("record-alias",
     record("Old", [{"name": "a", "type": "int"}], {"namespace": "ns"}),
     record("New", [{"name": "a", "type": "int"}], {"namespace": "ns", "aliases": ["Old"]}),
     {"a": 1}, {"a": 1}),
    ("enum-default", json.dumps(SUIT_W), json.dumps(SUIT_R), "JOKER", "SPADES"),
    ("enum-known", json.dumps(SUIT_W), json.dumps(SUIT_R), "HEARTS"),
    ("union-to-union", '["null","int"]', '["null","long"]', 42),
    ("value-to-union", '"int"', '["null","string","long"]', 42),
    ("union-to-value", '["null","string"]', '"string"', "x", "x"),
    ("union-reordered", '["int","string","null"]', '["null","string","int"]', "s"),
    ("error-type-mismatch", '"string"', '"int"', "x"),
    ("error-missing-default",
     record("R", [{"name": "a", "type": "int"}]),
     record("R", [{"name": "a", "type": "int"}, {"name": "b", "type": "int"}]),
     {"a": 1}),
    ("error-enum-no-default", json.dumps(SUIT_W), json.dumps(SUIT_R_NO_DEFAULT), "JOKER"),
    ("error-fixed-size", '{"type":"fixed","name":"F","size":3}', '{"type":"fixed","name":"F","size":4}', b"abc"),
    ("error-record-name", record("A", []), record("B", []), {}),
    ("error-union-branch", '["null","string"]', '"string"', None),
    ("error-double-to-float", '"double"', '"float"', 1.0),
]


def resolve():
    result = []
    for name, writer_text, reader_text, value, *spec in RESOLVE:
        writer, reader = parse(writer_text), parse(reader_text)
        data = encode(writer, value)
        case = {"name": name, "writer": writer_text, "reader": reader_text, "hex": data.hex(), "source": "python3-avro"}
        try:
            actual = norm(decode(writer, reader, data))
        except Exception as e:  # noqa: BLE001 - any reference failure is an expected resolution error
            actual = None
            case["error"] = f"{type(e).__name__}: {e}"
        if spec:
            # python3-avro 1.11 departs from the specification here (shallow schema matching, no aliases, no enum
            # defaults, promoted numbers left unconverted); the expected value is the specification's, written above.
            python = case.pop("error", None) or f"returns {actual!r}"
            case["source"] = "specification (python3-avro " + python.splitlines()[0] + ")"
            actual = spec[0]
        if "error" not in case:
            case["expected"] = actual
        result.append(case)
    return result


def decode_stdin():
    result = []
    for item in json.load(sys.stdin):
        writer = parse(item["schema"])
        reader = parse(item["reader"]) if item.get("reader") else writer
        try:
            result.append({"value": norm(decode(writer, reader, bytes.fromhex(item["hex"])))})
        except Exception as e:  # noqa: BLE001
            result.append({"error": f"{type(e).__name__}: {e}"})
    return result


def container_write(directory):
    schema = parse(ALL_TYPES)
    values = [all_types(k % 4) for k in range(50)]
    for codec in ("null", "deflate"):
        with open(f"{directory}/{codec}.avro", "wb") as f:
            writer = avro.datafile.DataFileWriter(f, avro.io.DatumWriter(), schema, codec=codec)
            for v in values:
                writer.append(v)
            writer.close()
    expected = [norm(decode(schema, schema, encode(schema, v))) for v in values]
    return {"schema": ALL_TYPES, "expected": expected}


def container_read(path):
    with open(path, "rb") as f:
        reader = avro.datafile.DataFileReader(f, avro.io.DatumReader())
        codec = reader.get_meta("avro.codec")
        records = [norm(r) for r in reader]
        reader.close()
    return {"codec": codec.decode() if codec else "null", "records": records}


def main():
    mode = sys.argv[1]
    if mode == "cases":
        out = cases()
    elif mode == "decode":
        out = decode_stdin()
    elif mode == "resolve":
        out = resolve()
    elif mode == "container-write":
        out = container_write(sys.argv[2])
    elif mode == "container-read":
        out = container_read(sys.argv[2])
    elif mode == "fuzz-seeds":
        out = [{"writer": c["schema"], "reader": c["schema"], "hex": c["hex"]} for c in cases()]
        out += [{"writer": c["writer"], "reader": c["reader"], "hex": c["hex"]} for c in resolve() if "error" not in c]
    else:
        raise SystemExit(f"unknown mode {mode}")
    json.dump(out, sys.stdout, ensure_ascii=True)


if __name__ == "__main__":
    main()
