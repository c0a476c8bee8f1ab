"""Outside client for ConfluentAvroIT: Debian's confluent-kafka (its schema_registry client) and
python3-avro, sharing no code with ganwatch.

  produce BOOTSTRAP REGISTRY USER_INFO TOPIC AVSC_FILE NORMAL
      registers AVSC under TOPIC-value, writes NORMAL ordinary connections (keys py-0..) and one
      outlier (key py-evil) in the schema-registry wire format; prints the schema id.
  consume BOOTSTRAP REGISTRY USER_INFO TOPIC COUNT
      reads COUNT committed messages from TOPIC's beginning, checks the framing, fetches each
      writer schema by id from the registry, decodes, and prints one JSON object per message.
"""
import io
import json
import struct
import sys

import avro.io
import avro.schema
from confluent_kafka import Consumer, Producer
from confluent_kafka.schema_registry import Schema, SchemaRegistryClient


def registry(url, user_info):
    conf = {"url": url}
    if user_info:
        conf["basic.auth.user.info"] = user_info
    return SchemaRegistryClient(conf)


def produce(bootstrap, url, user_info, topic, avsc_file, normal):
    with open(avsc_file) as f:
        text = f.read()
    schema_id = registry(url, user_info).register_schema(topic + "-value", Schema(text, "AVRO"))
    writer = avro.io.DatumWriter(avro.schema.parse(text))
    producer = Producer({"bootstrap.servers": bootstrap, "enable.idempotence": True})
    rows = [("py-%d" % i, {"bytes": 1000.0 + i, "duration": 1.0, "protocol": "tcp"}) for i in range(int(normal))]
    rows.append(("py-evil", {"bytes": 5e7, "duration": 0.01, "protocol": "icmp"}))
    for key, row in rows:
        buf = io.BytesIO()
        buf.write(struct.pack(">bI", 0, schema_id))
        writer.write(row, avro.io.BinaryEncoder(buf))
        producer.produce(topic, key=key.encode(), value=buf.getvalue())
    if producer.flush(30) != 0:
        sys.exit("messages left unsent")
    print(schema_id)


def consume(bootstrap, url, user_info, topic, count):
    client = registry(url, user_info)
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "py-" + topic, "auto.offset.reset": "earliest",
                         "isolation.level": "read_committed", "enable.auto.commit": False})
    consumer.subscribe([topic])
    readers = {}
    seen = 0
    idle = 0
    while seen < int(count) and idle < 60:
        m = consumer.poll(1.0)
        if m is None:
            idle += 1
            continue
        if m.error():
            sys.exit(str(m.error()))
        value = m.value()
        magic, schema_id = struct.unpack(">bI", value[:5])
        if magic != 0:
            sys.exit("magic byte %d at offset %d" % (magic, m.offset()))
        if schema_id not in readers:
            writer = avro.schema.parse(client.get_schema(schema_id).schema_str)
            readers[schema_id] = (writer.fullname, avro.io.DatumReader(writer))
        name, reader = readers[schema_id]
        datum = reader.read(avro.io.BinaryDecoder(io.BytesIO(value[5:])))
        print(json.dumps({"schema_id": schema_id, "schema": name, "key": m.key().decode(), "value": datum}, default=str))
        seen += 1
    consumer.close()
    if seen < int(count):
        sys.exit("read %d of %s messages from %s" % (seen, count, topic))


if __name__ == "__main__":
    {"produce": produce, "consume": consume}[sys.argv[1]](*sys.argv[2:])
