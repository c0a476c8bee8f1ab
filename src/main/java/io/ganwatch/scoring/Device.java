package io.ganwatch.scoring;

import java.util.Locale;

/**
 * Where ONNX Runtime runs a graph: {@code cpu}, or {@code cuda} / {@code cuda:N} for GPU N.
 *
 * @param cuda     whether CUDA is requested
 * @param deviceId GPU index (0 when not given)
 */
public record Device(boolean cuda, int deviceId) {
    /** The CPU. */
    public static final Device CPU = new Device(false, 0);

    /** Validates the GPU index. */
    public Device {
        if (deviceId < 0) {
            throw new IllegalArgumentException("GPU index must not be negative, was " + deviceId);
        }
    }

    /** Parses {@code cpu}, {@code cuda} or {@code cuda:N}. */
    public static Device parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.equals("cpu")) {
            return CPU;
        }
        if (s.equals("cuda") || s.equals("gpu")) {
            return new Device(true, 0);
        }
        if (s.startsWith("cuda:")) {
            try {
                return new Device(true, Integer.parseInt(s.substring(5)));
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
        }
        throw new IllegalArgumentException("unknown device '" + text + "'; use cpu, cuda or cuda:N");
    }

    @Override
    public String toString() {
        return cuda ? "cuda:" + deviceId : "cpu";
    }
}
