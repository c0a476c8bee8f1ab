package io.ganwatch.scoring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Refuses to load ONNX Runtime where it would crash the JVM.
 *
 * <p>Measured on Linux x86-64: ONNX Runtime 1.29.0's native library kills the process with
 * SIGSEGV (no Java exception, no hs_err file) when the process command line
 * ({@code /proc/self/cmdline}) is 4096 bytes or longer, for example a long {@code -cp} or
 * {@code -D} value; 1.22 and 1.23 do not. {@code java -jar ganwatch.jar}, Maven Surefire and
 * arguments passed through a {@code @argfile} keep the command line short. Failing with a message
 * beats a silent crash.
 */
final class CommandLineGuard {
    /** Smallest command line seen to crash. */
    static final int LIMIT = 4096;

    private CommandLineGuard() {
    }

    static void check() {
        Path cmdline = Path.of("/proc/self/cmdline");
        if (!Files.isReadable(cmdline)) {
            return;
        }
        long length;
        try {
            length = Files.readAllBytes(cmdline).length;
        } catch (IOException e) {
            return;
        }
        if (length >= LIMIT) {
            throw new IllegalStateException("this JVM's command line is " + length + " bytes; ONNX Runtime 1.29 crashes the process"
                    + " when it is " + LIMIT + " or more: start it with `java -jar`, or put long -cp/-D values in an @argfile");
        }
    }
}
