package io.ganwatch.demo;

import io.ganwatch.detector.Detector;
import io.ganwatch.drift.DriftReport;
import io.ganwatch.drift.DriftWindow;
import io.ganwatch.drift.DriftWindowConfig;
import io.ganwatch.features.FeatureEncoder;
import io.ganwatch.input.Table;
import io.ganwatch.model.ModelBundle;
import io.ganwatch.scoring.Device;
import io.ganwatch.training.TrainingListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test at unit level: the demo's model, trained by the real trainer on a simulated normal
 * week, then the demo's normal traffic through the real encoder and scorer into a drift window. The
 * report on that traffic names no column; the same traffic with only {@code amount} tripled names
 * {@code amount} and nothing else.
 */
class DemoDriftTest {
    private static final long SEED = 5;
    private static final int WINDOW = DriftWindowConfig.DEFAULT_ROWS;

    @TempDir
    static Path dir;
    static ModelBundle bundle;
    static List<Transaction> traffic;
    static List<Transaction> consecutive;

    @BeforeAll
    static void trainTheDemoModel() {
        TransactionSimulator simulator = new TransactionSimulator(Demo.simulation(SEED));
        bundle = DemoModel.train(DemoModel.normalWeek(simulator, DemoModel.TRAINING_ROWS), SEED, 2, dir, TrainingListener.NONE);
        // the card holders' own payments after the training week: spread over a second week, as the
        // profile is, and as the demo streams them (consecutive)
        traffic = DemoModel.normalWeek(simulator, WINDOW);
        consecutive = simulator.take(WINDOW, false);
    }

    private static DriftReport report(Table table) {
        try (Detector detector = new Detector(bundle, Device.CPU, bundle.metadata().threshold().value())) {
            FeatureEncoder encoder = detector.encoder();
            float[][] rows = encoder.encode(table);
            float[] scores = detector.score(table, false).scores();
            DriftWindow window = new DriftWindow(bundle.metadata().profile(), DriftWindowConfig.DEFAULT);
            for (int i = 0; i < rows.length; i++) {
                window.add(rows[i], scores[i] >= detector.threshold(), i);
            }
            return window.report(DemoModel.MODEL_ID, bundle.metadata().version(), "test", 0.005, 0.2, rows.length);
        }
    }

    @Test
    void theTrainedBundleCarriesAProfileOfEveryInputColumn() {
        assertThat(bundle.metadata().profile()).isNotNull();
        assertThat(bundle.metadata().profile().matches(bundle.metadata().features())).isTrue();
        assertThat(bundle.metadata().profile().calibratedFpr()).isEqualTo(bundle.metadata().threshold().observedFpr());
    }

    @Test
    void normalTrafficNamesNoColumn() {
        DriftReport rep = report(TrainingTable.of("normal", traffic));
        assertThat(rep.rows()).isEqualTo(WINDOW);
        assertThat(rep.columnsOverLimit()).isEmpty();
    }

    @Test
    void trafficWithOnlyTheAmountTripledNamesAmountAndOnlyAmount() {
        Table normal = TrainingTable.of("normal", traffic);
        int amount = normal.columns().indexOf("amount");
        List<Table.Row> shifted = new ArrayList<>();
        for (Table.Row r : normal.rows()) {
            Object[] v = r.values().clone();
            v[amount] = ((Number) v[amount]).doubleValue() * 3;
            shifted.add(new Table.Row(r.line(), v));
        }
        DriftReport rep = report(normal.withRows(shifted));
        assertThat(rep.columnsOverLimit()).containsExactly("amount");
    }

    /**
     * Why the README says a window must span the traffic's cycles: 10,000 consecutive demo payments
     * cover under two simulated days, so {@code day_of_week} (profiled over a whole week) is named
     * although nothing changed. The week-spread traffic above is the fair comparison.
     */
    @Test
    void aWindowShorterThanTheWeekNamesDayOfWeek() {
        DriftReport rep = report(TrainingTable.of("consecutive", consecutive));
        assertThat(consecutive.get(consecutive.size() - 1).eventTime() - consecutive.get(0).eventTime())
                .isLessThan(3 * 24 * 3_600_000L);
        assertThat(rep.columnsOverLimit()).containsExactly("day_of_week");
    }
}
