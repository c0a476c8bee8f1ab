package io.ganwatch.features;

/**
 * A fixed number of encoded rows in a few large float arrays (chunks) instead of one array per row.
 *
 * <p>Why chunks of {@link #CHUNK_FLOATS}: an array of at least half a G1 region is "humongous" and is
 * allocated straight into the old generation, so young collections neither copy nor scan its
 * contents. Half a million per-row arrays, by contrast, were copied (survivor, then old) while
 * training's encoding pass made them, and that copying is what made G1 grow the heap far beyond
 * the live data. 8 MiB is at least half a region for every heap below 64 GiB (G1 picks 1 to 16 MiB
 * regions there), and small enough that the last, partly used chunk wastes little. A chunk holds
 * whole rows only; the last chunk is sized to the rows that remain. Chunks are allocated when their
 * first row is written, so that the heap grows with the rows as they come: allocating them all up
 * front (measured on KDD99 10%) made G1 expand the heap to 968 MB at once instead of 604 MB.
 */
public final class RowStore implements FloatRows {
    /** Floats in a full chunk (8 MiB), unless a single row is wider. */
    public static final int CHUNK_FLOATS = 1 << 21;

    private final int rows;
    private final int width;
    private final int rowsPerChunk;
    private final float[][] chunks;

    /** Room for {@code rows} rows of {@code width} floats, all zero until written. */
    public RowStore(int rows, int width) {
        this(rows, width, CHUNK_FLOATS);
    }

    /** As {@link #RowStore(int, int)} with chunks of at most {@code chunkFloats} floats (tests use small ones). */
    RowStore(int rows, int width, int chunkFloats) {
        if (rows < 0 || width < 0 || chunkFloats < 1) {
            throw new IllegalArgumentException("rows " + rows + ", width " + width + ", chunk " + chunkFloats);
        }
        this.rows = rows;
        this.width = width;
        this.rowsPerChunk = width == 0 ? Math.max(rows, 1) : Math.max(1, chunkFloats / width);
        this.chunks = new float[(int) ((rows + (long) rowsPerChunk - 1) / rowsPerChunk)][];
    }

    @Override
    public int size() {
        return rows;
    }

    @Override
    public int width() {
        return width;
    }

    /** Rows each full chunk holds. */
    int rowsPerChunk() {
        return rowsPerChunk;
    }

    /** Chunks allocated so far. */
    int chunksAllocated() {
        int n = 0;
        for (float[] c : chunks) {
            n += c == null ? 0 : 1;
        }
        return n;
    }

    /**
     * The array that holds row {@code row}, allocated on first use; the row starts at
     * {@link #offset(int)} in it. Writers (the encoder) write {@link #width()} floats there.
     */
    public float[] chunk(int row) {
        check(row);
        int c = row / rowsPerChunk;
        float[] chunk = chunks[c];
        if (chunk == null) {
            chunk = new float[Math.min(rowsPerChunk, rows - c * rowsPerChunk) * width];
            chunks[c] = chunk;
        }
        return chunk;
    }

    /** Where row {@code row} starts in its {@link #chunk(int)}. */
    public int offset(int row) {
        check(row);
        return (row % rowsPerChunk) * width;
    }

    @Override
    public void copyRow(int row, float[] dst, int offset) {
        System.arraycopy(chunk(row), offset(row), dst, offset, width);
    }

    @Override
    public float get(int row, int column) {
        if (column < 0 || column >= width) {
            throw new IndexOutOfBoundsException("column " + column + " of " + width);
        }
        return chunk(row)[offset(row) + column];
    }

    /** Writes {@code values} ({@link #width()} floats from {@code from}) as row {@code row}. */
    public void set(int row, float[] values, int from) {
        System.arraycopy(values, from, chunk(row), offset(row), width);
    }

    private void check(int row) {
        if (row < 0 || row >= rows) {
            throw new IndexOutOfBoundsException("row " + row + " of " + rows);
        }
    }
}
