/**
 * ganwatch as a Kafka Connect single message transform: {@link io.ganwatch.connect.ScoreRecord}
 * scores each record's value on its way through a connector, through the public
 * {@link io.ganwatch.api.GanwatchScorer}. Packaged for Connect's {@code plugin.path} by the Maven build
 * ({@code target/ganwatch-connect-plugin/}).
 */
package io.ganwatch.connect;
