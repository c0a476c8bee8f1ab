package io.ganwatch.augment;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ganwatch.features.RawValues;
import io.ganwatch.input.InputException;
import io.ganwatch.input.Reservoir;
import io.ganwatch.input.RowVisitor;
import io.ganwatch.input.Table;
import io.ganwatch.training.Permutations;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The training rows of an augmentation job drawn from a source too large to hold: every row of the
 * minority class, and a seeded uniform sample of the others, {@code maxRows} rows in all, read in one
 * pass (a reservoir, Vitter's Algorithm R). {@code maxRows} is the user's ({@code --max-rows}), or what
 * the heap holds ({@link #fitting}, {@link JobMemory}), when the source names its columns. The minority
 * is kept whole because it is what the job learns from and augments, and it is rare by definition;
 * sampling it would make a rare class rarer.
 *
 * <p>Used as the {@link RowVisitor} of one streamed pass; {@link #table()} then gives the rows, in
 * source order. Not thread-safe.
 */
public final class TrainingSample implements RowVisitor {
    private final String labelColumn;
    private final Set<String> minority;
    private final JobMemory memory;
    private final long seed;
    private int maxRows;
    private JobMemory.Unit unit = JobMemory.Unit.COLUMNS; // what the heap-sized limit was last counted in
    private int units;
    private Reservoir slots;
    private final List<Table.Row> kept = new ArrayList<>();
    private final List<Table.Row> others = new ArrayList<>();
    private String source;
    private List<String> columns;
    private int label = -1;
    private long seen;

    /**
     * An empty sample.
     *
     * @param labelColumn the class column
     * @param minority    label values kept whole
     * @param maxRows     rows kept in all, at least 2
     * @param seed        seeds the draw among the other rows
     */
    public TrainingSample(String labelColumn, Set<String> minority, int maxRows, long seed) {
        if (maxRows < 2) {
            throw new IllegalArgumentException("--max-rows must be at least 2, was " + maxRows);
        }
        this.labelColumn = labelColumn;
        this.minority = Set.copyOf(minority);
        this.memory = null;
        this.maxRows = maxRows;
        this.seed = seed;
    }

    private TrainingSample(String labelColumn, Set<String> minority, JobMemory memory, long seed) {
        this.labelColumn = labelColumn;
        this.minority = Set.copyOf(minority);
        this.memory = memory;
        this.seed = seed;
    }

    /**
     * An empty sample as large as {@code memory} allows for the source's columns, decided when the
     * source names them: every row when they fit, as if the file were read whole.
     *
     * @param labelColumn the class column
     * @param minority    label values kept whole
     * @param memory      the heap the job runs in
     * @param seed        seeds the draw among the other rows
     */
    public static TrainingSample fitting(String labelColumn, Set<String> minority, JobMemory memory, long seed) {
        return new TrainingSample(labelColumn, minority, memory, seed);
    }

    @Override
    public void columns(String source, List<String> columns) {
        this.source = source;
        this.columns = List.copyOf(columns);
        label = columns.indexOf(labelColumn);
        if (label < 0) {
            throw new InputException(source, 0, labelColumn, "no such column; the columns are " + String.join(", ", columns));
        }
        if (memory != null) {
            units = columns.size();
            maxRows = memory.rows(unit, units);
        }
        slots = new Reservoir(maxRows, seed);
    }

    @Override
    public void row(long line, Object[] values) {
        seen++;
        Object v = values[label];
        if (RawValues.isMissing(v)) {
            throw new InputException(source, line, labelColumn, "label is missing; give every row a label or drop the row");
        }
        Table.Row row = new Table.Row(line, values);
        if (minority.contains(RawValues.category(v))) {
            kept.add(row);
            if (kept.size() >= maxRows) {
                throw new InputException(source, line, labelColumn, "has more than " + (maxRows - 1) + " minority rows, and"
                        + (memory == null ? " --max-rows " + maxRows + " must leave room for the other class; raise --max-rows"
                        : " the job cannot hold more (" + memory.reason(unit, units) + "); give java a larger -Xmx"));
            }
            return;
        }
        int slot = slots.offer();
        if (slot == others.size()) {
            others.add(row);
        } else if (slot >= 0) {
            others.set(slot, row);
        }
    }

    /**
     * Narrows a heap-sized sample, once its rows are read, to what the heap holds of rows this wide
     * when encoded ({@link JobMemory.Unit#FEATURES}); a sample of {@code --max-rows} is left as the
     * user asked. Call {@link #table()} again after a narrowing.
     *
     * @param features the encoded width of the kept rows
     * @return whether the sample now keeps fewer rows
     * @throws InputException when the minority alone is more than the heap holds
     */
    public boolean fitFeatures(int features) {
        if (memory == null || columns == null) {
            return false;
        }
        int fit = memory.rows(JobMemory.Unit.FEATURES, features);
        if (fit >= maxRows || fit >= seen) {
            return false;
        }
        if (kept.size() >= fit) {
            throw new InputException(source, 0, labelColumn, "has " + kept.size() + " minority rows, more than the job can"
                    + " hold (" + memory.reason(JobMemory.Unit.FEATURES, features) + "); give java a larger -Xmx");
        }
        maxRows = fit;
        unit = JobMemory.Unit.FEATURES;
        units = features;
        return true;
    }

    /**
     * The kept rows in source order: all the minority's, and of the others a uniform sample that fills
     * {@code maxRows} (a uniform subsample of the reservoir, which is itself uniform).
     */
    public Table table() {
        if (columns == null) {
            throw new IllegalStateException("no rows were streamed into the sample");
        }
        int room = maxRows - kept.size();
        List<Table.Row> chosen = new ArrayList<>(others);
        if (chosen.size() > room) {
            int[] order = Permutations.of(chosen.size(), seed ^ 0x5A3D1E); // its first `room` are a uniform draw
            List<Table.Row> drawn = new ArrayList<>(room);
            for (int i = 0; i < room; i++) {
                drawn.add(chosen.get(order[i]));
            }
            chosen = drawn;
        }
        chosen.addAll(kept);
        chosen.sort(Comparator.comparingLong(Table.Row::line));
        return new Table(source, columns, chosen);
    }

    /** Rows read from the source. */
    public long rowsSeen() {
        return seen;
    }

    /** Whether the source had more rows than {@code maxRows}, so that rows were left out. */
    public boolean sampled() {
        return seen > maxRows;
    }

    /** What set the sample's size: {@code --max-rows N}, or the heap. */
    private String reason() {
        return memory == null ? String.format(Locale.ROOT, "--max-rows %,d", maxRows) : memory.reason(unit, units);
    }

    /** What was kept, for the user and the result: one line. */
    public String describe() {
        long minorityRows = kept.size();
        long othersSeen = slots.seen();
        long otherKept = Math.min(othersSeen, maxRows - minorityRows);
        return sampled()
                ? String.format(Locale.ROOT, "%,d training rows%s: kept all %,d minority rows and a uniform sample of %,d of the"
                        + " other %,d (%s, seed %d)%s", seen, memory == null ? "" : " do not fit in memory", minorityRows, otherKept,
                        othersSeen, reason(), seed, memory == null ? ""
                                : "; to keep more, give java a larger -Xmx, or pass --max-rows N to choose the sample size")
                : String.format(Locale.ROOT, "%,d training rows, within %s: all kept", seen, reason());
    }

    /** The sampling as the result's JSON records it. */
    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("method", sampled() ? "all minority rows, reservoir (Algorithm R) of the others" : "none (every row kept)");
        n.put("rows_seen", seen);
        n.put("rows_kept", Math.min(seen, maxRows));
        n.put("minority_rows", kept.size());
        n.put("max_rows", maxRows);
        n.put("seed", seed);
        n.put("reason", reason());
        return n;
    }
}
