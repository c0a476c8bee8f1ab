package io.ganwatch.model;

/**
 * A model bundle that cannot be used: missing, corrupt or made by an incompatible version.
 * The message names the bundle and says what to do.
 */
public class BundleException extends RuntimeException {
    /** With a message only. */
    public BundleException(String message) {
        super(message);
    }

    /** With the underlying cause kept for {@code --verbose}. */
    public BundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
