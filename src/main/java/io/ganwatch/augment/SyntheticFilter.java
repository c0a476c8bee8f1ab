package io.ganwatch.augment;

import io.ganwatch.augment.classify.MinorityModel;
import io.ganwatch.input.Table;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Keeps the generated rows that a classifier trained on the real rows alone finds plausible for the
 * minority, as in CLLM (Seedat et al., 2023), whose curation of synthetic rows with a classifier
 * trained on real data helped every generator on classes of fewer than 100 rows.
 *
 * <p>The generator makes {@code oversample} times the rows asked for; a class-weighted classifier
 * (the job's own kind) is trained on the real training rows; candidates whose P(minority) is at least
 * {@code threshold} are accepted, and the count asked for is drawn from them at random (seeded), so that
 * the kept rows are as varied as the accepted ones rather than the few the classifier is surest of. When
 * too few pass, the most plausible of the rest fill the count, and the outcome says how many passed.
 *
 * <p>Why class-weighted: trained without weights on a class of 52 rows in 125,973, a classifier gives
 * almost every row P(minority) far below one half, so a threshold would reject everything; with the
 * classes weighted equally, one half means "more like the minority than like the rest".
 *
 * <p>With {@link Judge#SMOTE_ANCHORS} the candidates are judged by place instead: SMOTE makes the count
 * asked for from the real minority rows, and each of its rows takes the nearest candidate not yet taken
 * ({@link SmoteAnchors}); {@code threshold} is not used.
 *
 * @param oversample candidates made per row asked for, at least 1 (1 only reorders nothing: no filtering)
 * @param threshold  least P(minority) a candidate needs to be accepted, in (0, 1)
 * @param judge      how candidates are chosen
 */
public record SyntheticFilter(int oversample, double threshold, Judge judge) {
    /** Candidates per row asked for and the acceptance threshold used unless a job says otherwise. */
    public static final SyntheticFilter DEFAULT = new SyntheticFilter(4, 0.5);

    /** Candidates per SMOTE row when the GAN's rows are placed at SMOTE's rows. */
    public static final SyntheticFilter SMOTE_ANCHORED = new SyntheticFilter(16, 0.5, Judge.SMOTE_ANCHORS);

    /** How the kept candidates are chosen. */
    public enum Judge {
        /** Those a class-weighted classifier of the real rows finds plausible for the minority (CLLM). */
        CLASSIFIER,
        /** The nearest to each of as many SMOTE rows as asked for (after SMOTified-GAN). */
        SMOTE_ANCHORS;

        /** The name in the JSON result and on the command line. */
        public String key() {
            return this == CLASSIFIER ? "classifier" : "smote-anchors";
        }
    }

    /** Validates the settings. */
    public SyntheticFilter {
        if (oversample < 1 || oversample > 100) {
            throw new IllegalArgumentException("the filter's oversampling must be between 1 and 100 candidates per row, was " + oversample);
        }
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("the filter's threshold is a probability strictly between 0 and 1, was " + threshold);
        }
        if (judge == null) {
            throw new IllegalArgumentException("the filter needs a judge: CLASSIFIER or SMOTE_ANCHORS");
        }
    }

    /** A classifier's filter. */
    public SyntheticFilter(int oversample, double threshold) {
        this(oversample, threshold, Judge.CLASSIFIER);
    }

    /**
     * What the filter kept.
     *
     * @param rows       the kept rows, as many as asked for (fewer only when fewer candidates were made)
     * @param candidates rows generated
     * @param accepted   candidates at or above the threshold (the classifier's judge), or taken by a SMOTE row
     * @param judge      how they were chosen
     */
    public record Outcome(Table rows, int candidates, int accepted, Judge judge) {
        /** Validates the judge. */
        public Outcome {
            if (judge == null) {
                throw new IllegalArgumentException("an outcome names its judge");
            }
        }

        /** What a classifier's filter kept. */
        public Outcome(Table rows, int candidates, int accepted) {
            this(rows, candidates, accepted, Judge.CLASSIFIER);
        }

        /** Share of candidates accepted. */
        public double acceptance() {
            return candidates == 0 ? Double.NaN : (double) accepted / candidates;
        }
    }

    /**
     * Trains the judging classifier on {@code real} and keeps {@code count} of the {@code candidates}.
     *
     * @param classifier  the job's encoder and classifier
     * @param real        real training rows (all of them, or the validation check's fitting part)
     * @param candidates  generated rows, label column included
     * @param labelColumn the label column
     * @param minority    the minority label values
     * @param count       rows to keep
     * @param seed        seeds the classifier and the draw
     */
    public Outcome apply(ClassifierEvaluation classifier, Table real, Table candidates, String labelColumn,
                         Set<String> minority, int count, long seed) {
        if (this.judge == Judge.SMOTE_ANCHORS) {
            Table anchors = Augmenter.smoteRows(real, labelColumn, minority, classifier.encoder().spec(), count, seed);
            int[] chosen = SmoteAnchors.choose(classifier.encoder().encode(anchors), classifier.encoder().encode(candidates), seed);
            List<Table.Row> rows = new ArrayList<>(chosen.length);
            for (int c : chosen) {
                rows.add(candidates.rows().get(c));
            }
            return new Outcome(candidates.withRows(rows), candidates.size(), chosen.length, Judge.SMOTE_ANCHORS);
        }
        MinorityModel judge = classifier.fit(real, labelColumn, minority, seed, true);
        double[] p = judge.probabilities(classifier.encoder().encode(candidates));
        return new Outcome(candidates.withRows(keep(p, candidates.rows(), count, seed)), p.length, accepted(p));
    }

    private int accepted(double[] p) {
        int n = 0;
        for (double v : p) {
            n += v >= threshold ? 1 : 0;
        }
        return n;
    }

    /**
     * {@code count} rows: a seeded random draw from the accepted ones, or all accepted plus the most
     * plausible rejected ones when too few pass; kept in the candidates' order.
     */
    <T> List<T> keep(double[] p, List<T> candidates, int count, long seed) {
        if (p.length != candidates.size()) {
            throw new IllegalArgumentException(p.length + " probabilities for " + candidates.size() + " candidates");
        }
        List<Integer> accepted = new ArrayList<>();
        List<Integer> rejected = new ArrayList<>();
        for (int i = 0; i < p.length; i++) {
            (p[i] >= threshold ? accepted : rejected).add(i);
        }
        List<Integer> kept;
        if (accepted.size() >= count) {
            // A stream of its own, so that the draw does not move the classifier's or generator's draws.
            Collections.shuffle(accepted, new Random(seed ^ 0x5F11_7E12L));
            kept = new ArrayList<>(accepted.subList(0, count));
        } else {
            rejected.sort((a, b) -> Double.compare(p[b], p[a]));
            kept = new ArrayList<>(accepted);
            kept.addAll(rejected.subList(0, Math.min(rejected.size(), count - accepted.size())));
        }
        Collections.sort(kept);
        List<T> out = new ArrayList<>(kept.size());
        for (int i : kept) {
            out.add(candidates.get(i));
        }
        return out;
    }
}
