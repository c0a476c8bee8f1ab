package io.ganwatch.detector;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;

import java.lang.management.ManagementFactory;

/**
 * Keeps the committed heap near the live data while a detector trains, since a jar cannot pass
 * flags to the JVM that runs it.
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
 * Measured on KDD99 10%, default heap: see BENCHMARKS.md. A value the user set on the command
 * line is left alone, and the previous values are restored by {@link #close()}, so that other
 * work in the same JVM (the benchmark trains many models) keeps the JVM's own sizing afterwards.
 */
final class HeapShape implements AutoCloseable {
    /** Free share of the heap G1 keeps at least after a full collection, while training (JVM default 40). */
    static final String MIN_FREE = "10";
    /** Free share above which G1 gives memory back after a full collection or a remark (JVM default 70). */
    static final String MAX_FREE = "30";

    private final HotSpotDiagnosticMXBean bean;
    private final String oldMin;
    private final String oldMax;

    private HeapShape(HotSpotDiagnosticMXBean bean, String oldMin, String oldMax) {
        this.bean = bean;
        this.oldMin = oldMin;
        this.oldMax = oldMax;
    }

    /** Lowers the free ratios unless the user set either; never fails (a JVM without the flags is left as it is). */
    static HeapShape tighten() {
        try {
            HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (bean == null) {
                return new HeapShape(null, null, null);
            }
            VMOption min = bean.getVMOption("MinHeapFreeRatio");
            VMOption max = bean.getVMOption("MaxHeapFreeRatio");
            if (min.getOrigin() != VMOption.Origin.DEFAULT || max.getOrigin() != VMOption.Origin.DEFAULT) {
                return new HeapShape(null, null, null);
            }
            bean.setVMOption("MinHeapFreeRatio", MIN_FREE); // lower first: Min may never exceed Max
            bean.setVMOption("MaxHeapFreeRatio", MAX_FREE);
            return new HeapShape(bean, min.getValue(), max.getValue());
        } catch (RuntimeException e) {
            return new HeapShape(null, null, null);
        }
    }

    /** A full collection at a phase boundary: what the phase left as garbage goes, and the surplus heap with it. */
    void compact() {
        System.gc();
    }

    /** Whether the flags were lowered (false when the user set them, or the JVM has none). */
    boolean active() {
        return bean != null;
    }

    @Override
    public void close() {
        if (bean != null) {
            try {
                bean.setVMOption("MaxHeapFreeRatio", oldMax); // raise Max first: Min may never exceed Max
                bean.setVMOption("MinHeapFreeRatio", oldMin);
            } catch (RuntimeException ignored) {
                // Restoring is a courtesy to later work in this JVM; training itself is done.
            }
        }
    }
}
