/**
 * A real single-node Apache Kafka broker (KRaft, broker and controller in one process) started as a
 * child JVM from the jars ganwatch already ships, so that {@code ganwatch demo} and the integration
 * tests need neither Docker nor a Kafka download; and {@link io.ganwatch.kafka.KafkaSecrets}, which hides
 * secret client settings from log lines.
 */
package io.ganwatch.kafka;
