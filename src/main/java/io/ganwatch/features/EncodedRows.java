package io.ganwatch.features;

/** Encoded rows as ONNX Runtime and DJL take them: one row-major float array. */
public final class EncodedRows {
    private EncodedRows() {
    }

    /** Rows {@code [from, to)} copied into one array of {@code (to - from) * width} floats. */
    public static float[] flatten(float[][] rows, int from, int to) {
        int width = to > from ? rows[from].length : 0;
        float[] flat = new float[(to - from) * width];
        for (int i = from; i < to; i++) {
            System.arraycopy(rows[i], 0, flat, (i - from) * width, width);
        }
        return flat;
    }
}
