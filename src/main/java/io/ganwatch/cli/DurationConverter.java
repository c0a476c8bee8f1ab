package io.ganwatch.cli;

import picocli.CommandLine;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a duration flag: {@code 90s}, {@code 10m}, {@code 1.5h}, {@code 500ms}, a plain number of
 * seconds ({@code 600}, as {@code train --time-budget} takes), or ISO-8601 ({@code PT10M}).
 */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern SHORT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

    @Override
    public Duration convert(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        Matcher m = SHORT.matcher(v);
        if (m.matches()) {
            double amount = Double.parseDouble(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            double millis = amount * switch (unit) {
                case "ms" -> 1;
                case "m" -> 60_000;
                case "h" -> 3_600_000;
                default -> 1000;
            };
            return positive(value, Duration.ofMillis(Math.round(millis)));
        }
        try {
            return positive(value, Duration.parse(value.trim().toUpperCase(Locale.ROOT)));
        } catch (DateTimeParseException e) {
            throw new CommandLine.TypeConversionException("unknown duration '" + value + "'; use e.g. 90s, 10m or 1h");
        }
    }

    private static Duration positive(String text, Duration d) {
        if (d.isZero() || d.isNegative()) {
            throw new CommandLine.TypeConversionException("duration '" + text + "' must be positive; use e.g. 90s, 10m or 1h");
        }
        return d;
    }
}
