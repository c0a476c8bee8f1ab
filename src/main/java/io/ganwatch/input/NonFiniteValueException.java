package io.ganwatch.input;

/**
 * A NaN or infinite value where a real number is needed. A subtype so that the stream processor can
 * report it as its own dead-letter reason.
 */
public class NonFiniteValueException extends InputException {
    /** Same arguments as {@link InputException#InputException(String, long, String, String)}. */
    public NonFiniteValueException(String source, long line, String column, String problem) {
        super(source, line, column, problem);
    }
}
