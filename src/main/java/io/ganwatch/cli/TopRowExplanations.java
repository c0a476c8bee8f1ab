package io.ganwatch.cli;

import io.ganwatch.detector.Detector;
import io.ganwatch.input.Table;
import io.ganwatch.report.ExplainedRow;
import io.ganwatch.scoring.ScoreBatch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/** The highest-scoring rows of an evaluation with the columns the model blames, for the report. */
final class TopRowExplanations {
    /** Rows listed in a report: enough to see a pattern, few enough to read. */
    static final int ROWS = 10;
    /** Columns listed per row. */
    static final int COLUMNS = 3;

    private TopRowExplanations() {
    }

    /**
     * Explains the {@link #ROWS} highest scores. Only those rows are scored again, with contributions,
     * so that a large evaluation set does not pay for a rows x width copy it would not show.
     *
     * @param table     the scored rows (without the label column)
     * @param scores    their scores, in table order
     * @param anomalies their labels, in table order
     */
    static List<ExplainedRow> of(Detector detector, Table table, double[] scores, boolean[] anomalies) {
        int[] top = IntStream.range(0, scores.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> scores[i]).reversed())
                .limit(ROWS).mapToInt(Integer::intValue).toArray();
        List<Table.Row> rows = new ArrayList<>(top.length);
        for (int i : top) {
            rows.add(table.rows().get(i));
        }
        Table subset = table.withRows(rows);
        ScoreBatch batch = detector.score(subset, true);
        List<List<Detector.Contribution>> explained = detector.topContributions(batch, COLUMNS);
        List<ExplainedRow> out = new ArrayList<>(top.length);
        for (int r = 0; r < top.length; r++) {
            double score = batch.scores()[r];
            List<String> features = new ArrayList<>();
            List<Double> shares = new ArrayList<>();
            for (Detector.Contribution c : explained.get(r)) {
                features.add(c.describe(subset.rows().get(r).get(subset.columns().indexOf(c.column()))));
                shares.add(score > 0 ? c.value() / score : 0.0);
            }
            out.add(new ExplainedRow(subset.rows().get(r).line(), score, anomalies[top[r]], features, shares));
        }
        return out;
    }
}
