/**
 * The schema-registry wire format (Confluent's framing: byte 0, a 4-byte big-endian schema id, then
 * the Avro binary datum) and the few REST calls of a schema registry that reading and writing it
 * needs, on the JDK's HTTP client.
 */
package io.ganwatch.registry;
