package io.ganwatch.scoring;

/**
 * The scoring engine (ONNX Runtime, CUDA) failed on input it accepted: a fault of the engine, not of
 * the record. Callers retry it, and when it persists they fail the work so that it is done again
 * later, rather than treating the record as bad input.
 */
public class ScoringEngineException extends IllegalStateException {
    /** With the engine's message. */
    public ScoringEngineException(String message) {
        super(message);
    }

    /** With the engine's message and its exception. */
    public ScoringEngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
