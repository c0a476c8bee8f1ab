package io.ganwatch.feedback;

import io.ganwatch.avro.Verdict;

import java.util.Locale;

/**
 * How verdicts are spelled for people: {@code true-positive}, {@code false-positive}, {@code unsure}
 * on the command line, in JSON feedback and in metric tags; the Avro enum's own symbols
 * ({@code TRUE_POSITIVE}, ...) are accepted too, so that either spelling works wherever one is read.
 */
public final class Verdicts {
    private Verdicts() {
    }

    /**
     * The verdict {@code text} names, in either spelling, ignoring case and surrounding blanks.
     *
     * @throws IllegalArgumentException naming the accepted spellings when {@code text} is none of them
     */
    public static Verdict parse(String text) {
        String s = text == null ? "" : text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (Verdict v : Verdict.values()) {
            if (v.name().equals(s)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown verdict '" + text + "'; use true-positive, false-positive or unsure");
    }

    /** The verdict as people write it, e.g. {@code false-positive}. */
    public static String spell(Verdict v) {
        return v.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
