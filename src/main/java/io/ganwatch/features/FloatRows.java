package io.ganwatch.features;

/**
 * Encoded rows of equal width, read one row at a time: a {@link RowStore} filled by training's
 * encoding pass, a view on part of one ({@link #pick}), or plain {@code float[][]} arrays
 * ({@link #of(float[][])}, for tests and small sets).
 *
 * <p>It exists so that training never needs one Java array per row: half a million small arrays
 * are copied by every young collection while they are made, which is what made G1 grow the heap
 * to several times the encoded size (BENCHMARKS.md, "Training at scale").
 */
public interface FloatRows {
    /** Number of rows. */
    int size();

    /** Floats per row. */
    int width();

    /** Copies row {@code row} into {@code dst} from {@code offset}. */
    void copyRow(int row, float[] dst, int offset);

    /** One value: row {@code row}, column {@code column}. */
    float get(int row, int column);

    /** Rows {@code [from, to)} copied into one row-major array, as ONNX Runtime and DJL take them. */
    default float[] flatten(int from, int to) {
        int width = width();
        float[] flat = new float[(to - from) * width];
        for (int i = from; i < to; i++) {
            copyRow(i, flat, (i - from) * width);
        }
        return flat;
    }

    /** Rows {@code [from, to)} copied into arrays of their own (for the few small sets that need them). */
    default float[][] toArrays(int from, int to) {
        float[][] out = new float[to - from][width()];
        for (int i = from; i < to; i++) {
            copyRow(i, out[i - from], 0);
        }
        return out;
    }

    /** A view on the rows at positions {@code [from, to)} of {@code order}; nothing is copied but the indices. */
    default FloatRows pick(int[] order, int from, int to) {
        int[] index = java.util.Arrays.copyOfRange(order, from, to);
        FloatRows base = this;
        return new FloatRows() {
            @Override
            public int size() {
                return index.length;
            }

            @Override
            public int width() {
                return base.width();
            }

            @Override
            public void copyRow(int row, float[] dst, int offset) {
                base.copyRow(index[row], dst, offset);
            }

            @Override
            public float get(int row, int column) {
                return base.get(index[row], column);
            }
        };
    }

    /** {@code first}'s rows, then {@code second}'s (same width), without copying them. */
    static FloatRows concat(FloatRows first, FloatRows second) {
        if (first.size() > 0 && second.size() > 0 && first.width() != second.width()) {
            throw new IllegalArgumentException("rows of width " + first.width() + " and " + second.width() + " cannot be joined");
        }
        int split = first.size();
        return new FloatRows() {
            @Override
            public int size() {
                return split + second.size();
            }

            @Override
            public int width() {
                return split > 0 ? first.width() : second.width();
            }

            @Override
            public void copyRow(int row, float[] dst, int offset) {
                if (row < split) {
                    first.copyRow(row, dst, offset);
                } else {
                    second.copyRow(row - split, dst, offset);
                }
            }

            @Override
            public float get(int row, int column) {
                return row < split ? first.get(row, column) : second.get(row - split, column);
            }
        };
    }

    /** Plain row arrays (each {@code rows[i]} of the same length), not copied. */
    static FloatRows of(float[][] rows) {
        int width = rows.length == 0 ? 0 : rows[0].length;
        return new FloatRows() {
            @Override
            public int size() {
                return rows.length;
            }

            @Override
            public int width() {
                return width;
            }

            @Override
            public void copyRow(int row, float[] dst, int offset) {
                System.arraycopy(rows[row], 0, dst, offset, width);
            }

            @Override
            public float get(int row, int column) {
                return rows[row][column];
            }
        };
    }
}
