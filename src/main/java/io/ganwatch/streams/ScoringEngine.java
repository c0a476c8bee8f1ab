package io.ganwatch.streams;

import io.ganwatch.detector.Detector;
import io.ganwatch.scoring.ScoreBatch;

/**
 * How the processor runs a model on encoded rows. Production uses {@link #ONNX}; a test can wrap it
 * to inject an engine fault while still scoring with the real model.
 */
@FunctionalInterface
interface ScoringEngine {
    /** The model's own ONNX Runtime session. */
    ScoringEngine ONNX = Detector::scoreEncoded;

    /** Scores {@code rows} encoded rows with {@code model}. */
    ScoreBatch score(Detector model, float[] encoded, int rows, boolean withContributions);
}
