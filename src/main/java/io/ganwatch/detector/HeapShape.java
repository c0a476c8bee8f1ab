package io.ganwatch.detector;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;

import java.lang.management.ManagementFactory;

/**
 * Keeps the committed heap near the live data while a detector trains (and while {@code augment}
 * runs its job), since a jar cannot pass flags to the JVM that runs it.
 *
 * <p>Why: on KDD99 10% the live heap during training is the encoded rows (about 330 MB), but G1 sizes
 * the heap by how much of the time it spends collecting, and the encoding pass (dozens of short
 * pauses as the row chunks arrive, on a loaded machine) made it commit 600 to 900 MB
 * (measured with {@code -Xlog:gc*}; the BENCHMARKS.md section "Training at scale" has the runs). Training
 * then fills whatever young generation that leaves with short-lived DJL objects, so every committed
 * page ends up resident. {@code MinHeapFreeRatio} and {@code MaxHeapFreeRatio} are manageable
 * flags: lowered here, the collection at each phase boundary ({@link #compact()}) gives the
 * surplus back, and G1 keeps the heap near the live data during training, where its young
 * collections are cheap because the rows sit in humongous chunks that are never copied.
 *
 * <p>The free ratios alone did not make it reliable: in 2 runs of 7 the peak was 1.35-1.44 GB, not
 * 0.84-1.08 GB. G1 also grows the heap at a young pause when recent pauses took more than a
 * threshold share of the time (about 1 % in a heap this small, scaled down from
 * {@code GCTimeRatio}'s 7.7 %), and training's set-up, right after the collection that ends the
 * encoding pass, makes a few short pauses in quick succession (large arrays, each starting a
 * concurrent cycle). With {@code -Xlog:gc+ergo+heap=debug}: {@code GC(53) Heap expansion: short term
 * pause time ratio 2.50% long term pause time ratio 1.76% threshold 1.15% ... resize by 361442435B},
 * 452 MB to 800 MB. Only a full collection or the remark of a concurrent cycle gives such growth back,
 * and in that run none came for 56 s, while training filled the young generation the growth had made
 * room for (peak 1.36 GB). So {@code G1PeriodicGCInterval}, also manageable, is set to
 * {@link #PERIODIC_MS} while training: when that long passes without a collection, G1 starts a
 * concurrent cycle whose remark shrinks the heap back to the live data plus {@code MaxHeapFreeRatio},
 * and an expanded young generation is at most that long's allocation deep when it is given back.
 *
 * <p>Measured on KDD99 10%, default heap: see BENCHMARKS.md. A value the user set on the command
 * line is left alone (each flag on its own), and the previous values are restored by
 * {@link #close()}, so that other work in the same JVM (the benchmark trains many models) keeps
 * the JVM's own sizing afterwards.
 */
public final class HeapShape implements AutoCloseable {
    /** Free share of the heap G1 keeps at least after a full collection, while training (JVM default 40). */
    static final String MIN_FREE = "10";
    /** Free share above which G1 gives memory back after a full collection or a remark (JVM default 70). */
    static final String MAX_FREE = "30";
    /**
     * Milliseconds without a collection after which G1 starts a concurrent cycle while training
     * (JVM default 0: never). Training allocates about 10 MB a second on KDD99 10% (young
     * collections 4 to 5 s apart with 11 to 13 regions of 4 MB), so an expanded young generation
     * is given back with a few tens of MB touched; each cycle marks the live heap once (about 30 ms
     * on one thread, the rows being float arrays with nothing to scan).
     */
    static final String PERIODIC_MS = "2000";

    private static final String PERIODIC = "G1PeriodicGCInterval";

    private final HotSpotDiagnosticMXBean bean;
    private final String oldMin;
    private final String oldMax;
    private final String oldPeriodic;

    private HeapShape(HotSpotDiagnosticMXBean bean, String oldMin, String oldMax, String oldPeriodic) {
        this.bean = bean;
        this.oldMin = oldMin;
        this.oldMax = oldMax;
        this.oldPeriodic = oldPeriodic;
    }

    /**
     * Lowers the free ratios unless the user set either, and sets the periodic collection unless the
     * user set it; never fails (a JVM without the flags is left as it is).
     */
    public static HeapShape tighten() {
        HotSpotDiagnosticMXBean bean;
        try {
            bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        } catch (RuntimeException e) {
            bean = null;
        }
        if (bean == null) {
            return new HeapShape(null, null, null, null);
        }
        String oldMin = null;
        String oldMax = null;
        try {
            VMOption min = bean.getVMOption("MinHeapFreeRatio");
            VMOption max = bean.getVMOption("MaxHeapFreeRatio");
            if (min.getOrigin() == VMOption.Origin.DEFAULT && max.getOrigin() == VMOption.Origin.DEFAULT) {
                bean.setVMOption("MinHeapFreeRatio", MIN_FREE); // lower first: Min may never exceed Max
                bean.setVMOption("MaxHeapFreeRatio", MAX_FREE);
                oldMin = min.getValue();
                oldMax = max.getValue();
            }
        } catch (RuntimeException e) {
            // A JVM without the flags (or refusing them) keeps its own sizing.
        }
        String oldPeriodic = null;
        try {
            VMOption periodic = bean.getVMOption(PERIODIC);
            if (periodic.getOrigin() == VMOption.Origin.DEFAULT) {
                bean.setVMOption(PERIODIC, PERIODIC_MS);
                oldPeriodic = periodic.getValue();
            }
        } catch (RuntimeException e) {
            // Not a HotSpot JVM with G1 built in: nothing to set.
        }
        return new HeapShape(oldMin == null && oldPeriodic == null ? null : bean, oldMin, oldMax, oldPeriodic);
    }

    /** A full collection at a phase boundary: what the phase left as garbage goes, and the surplus heap with it. */
    public void compact() {
        System.gc();
    }

    /** Whether the free ratios were lowered (false when the user set either, or the JVM has none). */
    boolean active() {
        return oldMin != null;
    }

    /** Whether the periodic collection was set (false when the user set it, or the JVM has no such flag). */
    boolean periodic() {
        return oldPeriodic != null;
    }

    @Override
    public void close() {
        if (bean == null) {
            return;
        }
        try {
            if (oldPeriodic != null) {
                bean.setVMOption(PERIODIC, oldPeriodic);
            }
            if (oldMin != null) {
                bean.setVMOption("MaxHeapFreeRatio", oldMax); // raise Max first: Min may never exceed Max
                bean.setVMOption("MinHeapFreeRatio", oldMin);
            }
        } catch (RuntimeException ignored) {
            // Restoring is a courtesy to later work in this JVM; training itself is done.
        }
    }
}
