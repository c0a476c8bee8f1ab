/**
 * A real single-node Apache Kafka broker (KRaft, broker and controller in one process) started as a
 * child JVM from the jars ganwatch already ships, so that {@code ganwatch demo} and the integration
 * tests need neither Docker nor a Kafka download.
 */
package io.ganwatch.kafka;
