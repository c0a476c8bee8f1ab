package io.ganwatch.augment.gan;

import io.ganwatch.input.Table;

import java.util.List;
import java.util.Map;

/**
 * A trained conditional tabular GAN: the generator as an ONNX graph, run with ONNX Runtime, plus
 * the column transformer that turns generator output back into raw values.
 *
 * <p>Holds a native ONNX Runtime session; close it.
 */
public interface CtganModel extends AutoCloseable {

    /**
     * Generates rows conditioned directly on values of the condition column (no reject sampling).
     *
     * @param rowsPerValue how many rows to make for each value of the condition column
     * @param seed         seed for the noise; the same seed gives the same rows
     * @return raw rows with the training table's columns, the condition column set to the value asked for
     * @throws IllegalArgumentException for a value the model never saw in training
     */
    Table sample(Map<String, Integer> rowsPerValue, long seed);

    /**
     * {@link #sample(Map, long)} with the noise and the categorical draws as {@code sampling} says
     * ({@link Sampling#AS_TRAINED}: the generator's own distribution, as {@link #sample(Map, long)}).
     */
    Table sample(Map<String, Integer> rowsPerValue, long seed, Sampling sampling);

    /** Column the generator is conditioned on (the label column). */
    String conditionColumn();

    /** Per-epoch losses. */
    List<GanEpoch> history();

    /** Training rows the model saw. */
    int trainingRows();

    /** What training ended fine-tuned on, or {@code null} when it did not fine-tune. */
    MinorityFineTune fineTune();

    /** Whether training stopped at its time budget before its epochs were done. */
    boolean stoppedByTimeBudget();

    /** The exported generator graph (ONNX protobuf bytes). */
    byte[] onnx();

    @Override
    void close();
}
