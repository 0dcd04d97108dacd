"""Drives Confluent's own SchemaRegistryClient (python3-confluent-kafka) against a registry URL.

Usage: confluent_registry.py BASE_URL. Every check asserts; on success prints one JSON object with what
was observed, for the calling test to check again. Exit code 0 only when every check passed.
"""
import json
import sys

from confluent_kafka.schema_registry import Schema, SchemaRegistryClient
from confluent_kafka.schema_registry.error import SchemaRegistryError

V1 = json.dumps({"type": "record", "name": "Order", "namespace": "shop",
                 "fields": [{"name": "id", "type": "string"}]})
V2 = json.dumps({"type": "record", "name": "Order", "namespace": "shop",
                 "fields": [{"name": "id", "type": "string"},
                            {"name": "amount", "type": "double", "default": 0.0}]})
# A new field without a default: the new schema cannot read old data, so BACKWARD rejects it.
BREAKING = json.dumps({"type": "record", "name": "Order", "namespace": "shop",
                       "fields": [{"name": "id", "type": "string"},
                                  {"name": "customer", "type": "string"}]})


def expect_error(call, status, code):
    try:
        call()
    except SchemaRegistryError as e:
        assert e.http_status_code == status, (e.http_status_code, e.error_code, e.error_message)
        assert e.error_code == code, (e.http_status_code, e.error_code, e.error_message)
        return {"status": e.http_status_code, "code": e.error_code, "message": e.error_message}
    raise AssertionError("expected a SchemaRegistryError {} / {}".format(status, code))


def main(url):
    client = SchemaRegistryClient({"url": url})
    seen = {}

    seen["global_level"] = client.get_compatibility()
    assert seen["global_level"] == "BACKWARD", seen["global_level"]

    id1 = client.register_schema("orders-value", Schema(V1, "AVRO"))
    # A fresh client, so the id comes from the registry and not from the client's cache.
    other = SchemaRegistryClient({"url": url})
    assert other.register_schema("orders-copy-value", Schema(V1, "AVRO")) == id1
    seen["id1"] = id1

    fetched = other.get_schema(id1)
    assert fetched.schema_type == "AVRO"
    assert json.loads(fetched.schema_str)["name"] == "Order", fetched.schema_str

    latest = other.get_latest_version("orders-value")
    assert (latest.subject, latest.version, latest.schema_id) == ("orders-value", 1, id1), vars(latest)

    assert other.test_compatibility("orders-value", Schema(V2, "AVRO")) is True
    assert other.test_compatibility("orders-value", Schema(BREAKING, "AVRO")) is False
    seen["incompatible"] = expect_error(lambda: other.register_schema("orders-value", Schema(BREAKING, "AVRO")), 409, 409)

    id2 = other.register_schema("orders-value", Schema(V2, "AVRO"))
    assert id2 != id1
    seen["id2"] = id2
    assert other.get_version("orders-value", 2).schema_id == id2
    assert other.get_versions("orders-value") == [1, 2]
    assert other.lookup_schema("orders-value", Schema(V2, "AVRO")).version == 2
    assert sorted(other.get_subjects()) == ["orders-copy-value", "orders-value"]

    seen["subject_not_found"] = expect_error(lambda: other.get_latest_version("nope"), 404, 40401)
    seen["version_not_found"] = expect_error(lambda: other.get_version("orders-value", 9), 404, 40402)
    seen["schema_not_found"] = expect_error(lambda: other.get_schema(99999), 404, 40403)
    seen["invalid_schema"] = expect_error(
        lambda: other.register_schema("bad-value", Schema('{"type":"record","name":"R","fields":[{"name":"f","type":"nosuch"}]}', "AVRO")),
        422, 42201)
    seen["invalid_level"] = expect_error(lambda: other.set_compatibility(level="SIDEWAYS"), 422, 42203)

    assert other.set_compatibility(subject_name="orders-value", level="FULL") == {"compatibility": "FULL"}
    assert other.get_compatibility("orders-value") == "FULL"
    # A subject's own level overrides the global one; the breaking change stays rejected under FULL.
    assert other.test_compatibility("orders-value", Schema(BREAKING, "AVRO")) is False

    print(json.dumps(seen))


if __name__ == "__main__":
    main(sys.argv[1])
