package io.ganwatch.input;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads KDD Cup 99 and NSL-KDD files: no header, 41 features, then an optional label and an
 * optional NSL-KDD difficulty.
 *
 * <p>A dedicated reader exists because these files carry no header, so the column names must
 * come from here, and because at half a million rows keeping every value as text would not fit a
 * default heap: the 38 numeric features are parsed while reading, and repeated values share one
 * object. A non-number in a numeric column is reported against its line and column right away,
 * which catches a file that is not KDD data at all. Labels lose KDD99's trailing '.', so
 * {@code normal.} and NSL-KDD's {@code normal} compare equal.
 */
public final class KddTableReader implements TableReader {
    /** The 41 KDD Cup 99 feature names, in file order. */
    public static final List<String> FEATURES = List.of(
            "duration", "protocol_type", "service", "flag", "src_bytes", "dst_bytes", "land", "wrong_fragment",
            "urgent", "hot", "num_failed_logins", "logged_in", "num_compromised", "root_shell", "su_attempted",
            "num_root", "num_file_creations", "num_shells", "num_access_files", "num_outbound_cmds",
            "is_host_login", "is_guest_login", "count", "srv_count", "serror_rate", "srv_serror_rate",
            "rerror_rate", "srv_rerror_rate", "same_srv_rate", "diff_srv_rate", "srv_diff_host_rate",
            "dst_host_count", "dst_host_srv_count", "dst_host_same_srv_rate", "dst_host_diff_srv_rate",
            "dst_host_same_src_port_rate", "dst_host_srv_diff_host_rate", "dst_host_serror_rate",
            "dst_host_srv_serror_rate", "dst_host_rerror_rate", "dst_host_srv_rerror_rate");

    /** The 42nd column: attack type or {@code normal}, trailing '.' removed. */
    public static final String LABEL = "label";

    /** The 43rd column of NSL-KDD files: how many of 21 learners got the record right. */
    public static final String DIFFICULTY = "difficulty";

    /** The feature columns that hold text. */
    public static final Set<String> CATEGORICAL = Set.of("protocol_type", "service", "flag");

    private static final int DEDUP_LIMIT = 50_000;

    @Override
    public Table read(Path file, long maxRows) {
        return RowSource.collect(file.toString(), v -> stream(file, v), maxRows);
    }

    @Override
    public void stream(Path file, RowVisitor visitor) {
        String name = file.toString();
        int width = -1;
        boolean[] text = null;
        List<String> columns = null;
        List<FieldCache> dedup = new ArrayList<>();
        long line = 0;
        try (BufferedReader in = Sources.openText(file)) {
            String s;
            while ((s = in.readLine()) != null) {
                line++;
                if (s.isBlank()) {
                    continue;
                }
                int fieldCount = fieldCount(s);
                if (width < 0) {
                    width = fieldCount;
                    if (width < FEATURES.size() || width > FEATURES.size() + 2) {
                        throw new InputException(name, line, null, "has " + width
                                + " comma-separated fields; a KDD file has 41 features, optionally followed by label and difficulty"
                                + " (use --format csv for other files)");
                    }
                    columns = new ArrayList<>(FEATURES);
                    if (width > FEATURES.size()) {
                        columns.add(LABEL);
                    }
                    if (width > FEATURES.size() + 1) {
                        columns.add(DIFFICULTY);
                    }
                    text = new boolean[width];
                    for (int i = 0; i < width; i++) {
                        text[i] = CATEGORICAL.contains(columns.get(i)) || LABEL.equals(columns.get(i));
                        dedup.add(new FieldCache(DEDUP_LIMIT));
                    }
                    visitor.columns(name, columns);
                } else if (fieldCount != width) {
                    throw new InputException(name, line, null, "has " + fieldCount + " fields but the first line has "
                            + width + "; every line of a KDD file must have the same columns");
                }
                // Fields are found in place: a value seen before in its column costs no String (see FieldCache).
                Object[] values = new Object[width];
                int start = 0;
                for (int i = 0; i < width; i++) {
                    int comma = s.indexOf(',', start);
                    int end = comma < 0 ? s.length() : comma;
                    int from = start;
                    int to = end;
                    while (from < to && s.charAt(from) <= ' ') { // as String.trim()
                        from++;
                    }
                    while (to > from && s.charAt(to - 1) <= ' ') {
                        to--;
                    }
                    FieldCache cache = dedup.get(i);
                    Object v = from == to ? null : cache.get(s, from, to, FieldCache.hash(s, from, to));
                    if (v == null) {
                        String f = s.substring(from, to);
                        v = cache.put(f, text[i] ? textValue(columns.get(i), f) : number(name, line, columns.get(i), f));
                    }
                    values[i] = v;
                    start = end + 1;
                }
                visitor.row(line, values);
            }
        } catch (IOException e) {
            throw Sources.failure(file, line + 1, e);
        }
        if (columns == null) {
            throw new InputException(name, 0, null, "is empty; a KDD file has one comma-separated connection record per line");
        }
    }

    /** Comma-separated fields on the line (commas plus one). */
    static int fieldCount(String line) {
        int n = 1;
        for (int i = line.indexOf(','); i >= 0; i = line.indexOf(',', i + 1)) {
            n++;
        }
        return n;
    }

    private static String textValue(String column, String field) {
        if (LABEL.equals(column) && field.endsWith(".")) {
            return field.substring(0, field.length() - 1);
        }
        return field;
    }

    /** Parses a numeric field; {@code null} for an empty one, which the encoder treats as missing. */
    private static Double number(String file, long line, String column, String field) {
        if (field.isEmpty()) {
            return null;
        }
        if (isNonFinite(field)) {
            throw new InputException(file, line, column, "value '" + field
                    + "' is not finite; replace NaN/infinity with a real value or leave the field empty to mark it missing");
        }
        if (!looksNumeric(field)) {
            throw new InputException(file, line, column, "text value '" + field
                    + "' in a numeric column; fix the value, or check that the file really is in KDD format (use --format csv otherwise)");
        }
        double d = Double.parseDouble(field);
        if (!Double.isFinite(d)) {
            throw new InputException(file, line, column, "value '" + field
                    + "' is too large to be a finite number; fix the value");
        }
        return d;
    }

    private static boolean isNonFinite(String s) {
        String t = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
        return t.equalsIgnoreCase("nan") || t.equalsIgnoreCase("inf") || t.equalsIgnoreCase("infinity");
    }

    /** Plain decimal numbers only: Double.parseDouble would also take hex floats and a trailing 'd'. */
    private static boolean looksNumeric(String s) {
        int i = 0;
        int n = s.length();
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exp = 0;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
                exp++;
            }
            if (exp == 0) {
                return false;
            }
        }
        return i == n;
    }
}
