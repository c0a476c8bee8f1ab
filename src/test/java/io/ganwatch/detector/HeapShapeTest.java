package io.ganwatch.detector;

import com.sun.management.HotSpotDiagnosticMXBean;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

class HeapShapeTest {
    private static String flag(String name) {
        return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(name).getValue();
    }

    @Test
    void lowersTheFreeRatiosWhileTrainingAndPutsTheOldOnesBack() {
        String min = flag("MinHeapFreeRatio");
        String max = flag("MaxHeapFreeRatio");
        try (HeapShape shape = HeapShape.tighten()) {
            if (shape.active()) {
                assertThat(flag("MinHeapFreeRatio")).isEqualTo(HeapShape.MIN_FREE);
                assertThat(flag("MaxHeapFreeRatio")).isEqualTo(HeapShape.MAX_FREE);
            } else { // this JVM was started with either flag: left as the user set it
                assertThat(flag("MinHeapFreeRatio")).isEqualTo(min);
                assertThat(flag("MaxHeapFreeRatio")).isEqualTo(max);
            }
            shape.compact();
        }
        assertThat(flag("MinHeapFreeRatio")).isEqualTo(min);
        assertThat(flag("MaxHeapFreeRatio")).isEqualTo(max);
    }

    @Test
    void startsPeriodicCollectionsWhileTrainingAndStopsThemAfterwards() {
        String before = flag("G1PeriodicGCInterval");
        boolean userSet = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                .getVMOption("G1PeriodicGCInterval").getOrigin() != com.sun.management.VMOption.Origin.DEFAULT;
        try (HeapShape shape = HeapShape.tighten()) {
            assertThat(shape.periodic()).isEqualTo(!userSet);
            assertThat(flag("G1PeriodicGCInterval")).isEqualTo(userSet ? before : HeapShape.PERIODIC_MS);
        }
        assertThat(flag("G1PeriodicGCInterval")).isEqualTo(before);
    }
}
