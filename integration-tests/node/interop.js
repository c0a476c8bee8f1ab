// Outside client for ConfluentAvroIT: @kafkajs/confluent-schema-registry (with its avsc), sharing no
// code with ganwatch. The IT moves the bytes through Kafka; this only encodes and decodes them.
//
//   node interop.js decode REGISTRY USER_INFO FILE
//       FILE holds one message value per line, in hex; prints each decoded, as JSON with its schema id.
//   node interop.js encode REGISTRY USER_INFO SUBJECT AVSC_FILE JSON_ROW...
//       registers AVSC under SUBJECT and prints each row's message value in hex, one a line.
'use strict';
const fs = require('fs');
const { SchemaRegistry, SchemaType } = require('@kafkajs/confluent-schema-registry');

function registry(host, userInfo) {
  const options = { host };
  if (userInfo) {
    const i = userInfo.indexOf(':');
    options.auth = { username: userInfo.slice(0, i), password: userInfo.slice(i + 1) };
  }
  return new SchemaRegistry(options);
}

async function main() {
  const [mode, host, userInfo, ...rest] = process.argv.slice(2);
  const r = registry(host, userInfo);
  if (mode === 'decode') {
    const lines = fs.readFileSync(rest[0], 'utf8').split('\n').filter((l) => l.length > 0);
    for (const line of lines) {
      const buffer = Buffer.from(line, 'hex');
      const value = await r.decode(buffer);
      console.log(JSON.stringify({ schema_id: buffer.readInt32BE(1), value },
        (k, v) => (typeof v === 'bigint' ? v.toString() : v)));
    }
  } else if (mode === 'encode') {
    const [subject, avscFile, ...rows] = rest;
    const { id } = await r.register({ type: SchemaType.AVRO, schema: fs.readFileSync(avscFile, 'utf8') }, { subject });
    for (const row of rows) {
      console.log((await r.encode(id, JSON.parse(row))).toString('hex'));
    }
  } else {
    throw new Error('unknown mode ' + mode);
  }
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
