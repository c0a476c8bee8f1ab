/**
 * {@code ganwatch demo}: a simulated card-payment stream with labelled fraud, scored end to end by the
 * stream processor against a real Kafka broker.
 *
 * <p>The simulation ({@link io.ganwatch.demo.TransactionSimulator} and the types it uses) knows nothing
 * of Kafka, so that it can be tested, and reused to make training data, on its own; only the classes
 * that move records ({@code DemoCluster}, {@code TransactionFeed}, {@code OutputWatcher}) and the
 * orchestration ({@link io.ganwatch.demo.Demo}) touch Kafka.
 */
package io.ganwatch.demo;
