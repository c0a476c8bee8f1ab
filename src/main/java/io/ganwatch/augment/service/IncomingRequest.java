package io.ganwatch.augment.service;

import java.util.List;

/**
 * A request as it arrived, decoded but not yet checked: the same fields whether it came as Avro or
 * as JSON, with the free-text parts (method, classifier, formats) still text so that a wrong value
 * can be REJECTED with a reason instead of failing to decode.
 *
 * @param requestId         the caller's id
 * @param source            where the real rows are
 * @param testSource        where the real test rows are, or {@code null}
 * @param labelColumn       the class column
 * @param minority          the minority label values
 * @param count             synthetic records wanted, or {@code null} when missing
 * @param method            none, weighted, smote, gan or auto
 * @param classifier        xgboost, logistic, or {@code null} for the default
 * @param seed              random seed, or {@code null} for the default
 * @param epochs            GAN epochs, or {@code null} for the default
 * @param timeBudgetSeconds GAN time budget, or {@code null} for the service's limit
 * @param destination       where the synthetic records go
 * @param ganSampling       how the GAN is sampled, or {@code null} for the default by class size
 * @param ganFineTune       share of the GAN's budget spent fine-tuning on the minority, or {@code null} for none
 */
public record IncomingRequest(String requestId, Location source, Location testSource, String labelColumn,
                              List<String> minority, Integer count, String method, String classifier, Long seed,
                              Integer epochs, Integer timeBudgetSeconds, Location destination, GanSampling ganSampling,
                              Double ganFineTune) {

    /** Copies the list. */
    public IncomingRequest {
        minority = minority == null ? null : List.copyOf(minority);
    }

    /** A request that does not fine-tune the GAN. */
    public IncomingRequest(String requestId, Location source, Location testSource, String labelColumn,
                           List<String> minority, Integer count, String method, String classifier, Long seed,
                           Integer epochs, Integer timeBudgetSeconds, Location destination, GanSampling ganSampling) {
        this(requestId, source, testSource, labelColumn, minority, count, method, classifier, seed, epochs, timeBudgetSeconds,
                destination, ganSampling, null);
    }

    /** A request that leaves the GAN's sampling to the default. */
    public IncomingRequest(String requestId, Location source, Location testSource, String labelColumn,
                           List<String> minority, Integer count, String method, String classifier, Long seed,
                           Integer epochs, Integer timeBudgetSeconds, Location destination) {
        this(requestId, source, testSource, labelColumn, minority, count, method, classifier, seed, epochs, timeBudgetSeconds,
                destination, null);
    }

    /**
     * The request's {@code gan_sampling}, each part {@code null} where left out.
     *
     * @param temperature of the categorical draws, in [0, 1]; {@code null} for 1
     * @param truncation  of the noise, positive; {@code null} for none
     * @param snap        whether numbers are snapped to the class's observed values; {@code null} for no
     */
    public record GanSampling(Double temperature, Double truncation, Boolean snap) {
    }

    /**
     * A place as the request names it: a file path or a topic (one of them), with an optional format.
     *
     * @param path   file path, or {@code null}
     * @param topic  topic name, or {@code null}
     * @param format file format (csv, kdd, npz, avro) or wire format (avro, json), or {@code null}
     */
    public record Location(String path, String topic, String format) {
        /** A file. */
        public static Location file(String path, String format) {
            return new Location(path, null, format);
        }

        /** A topic. */
        public static Location topic(String topic, String format) {
            return new Location(null, topic, format);
        }
    }
}
