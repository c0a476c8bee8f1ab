package io.ganwatch.input;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a CSV file whose first record is the header.
 *
 * <p>Values stay text because the feature learner, not the reader, decides which columns are
 * numeric; that way a stray word in a numeric column is reported against its exact line instead
 * of being lost in a parse here. Line numbers are physical lines (a quoted field may span several),
 * so that the number in an error message is the one an editor shows. Blank lines are skipped.
 */
public final class CsvTableReader implements TableReader {
    /** Distinct values shared per column; beyond this a column is id-like and sharing stops paying. */
    private static final int DEDUP_LIMIT = 10_000;

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            // Blank lines are skipped here rather than by the parser, so record positions stay exact.
            .setIgnoreEmptyLines(false)
            .build();

    @Override
    public Table read(Path file, long maxRows) {
        return RowSource.collect(file.toString(), v -> stream(file, v), maxRows);
    }

    @Override
    public void stream(Path file, RowVisitor visitor) {
        String name = file.toString();
        LineTracker lines = new LineTracker(Sources.openText(file));
        try (CSVParser parser = CSVParser.parse(lines, FORMAT)) {
            List<String> header = null;
            List<Sources.Dedup<String>> dedup = null;
            for (CSVRecord record : parser) {
                if (isBlank(record)) {
                    continue;
                }
                long line = lines.lineAt(record.getCharacterPosition());
                if (header == null) {
                    header = header(name, line, record);
                    dedup = new ArrayList<>();
                    for (int i = 0; i < header.size(); i++) {
                        dedup.add(new Sources.Dedup<>(DEDUP_LIMIT));
                    }
                    visitor.columns(name, header);
                    continue;
                }
                if (record.size() != header.size()) {
                    throw new InputException(name, line, null, "has " + record.size() + " fields but the header has "
                            + header.size() + "; make every row as wide as the header (quote fields that contain commas)");
                }
                Object[] values = new Object[header.size()];
                for (int i = 0; i < values.length; i++) {
                    String v = record.get(i);
                    String shared = dedup.get(i).get(v);
                    values[i] = shared != null ? shared : dedup.get(i).put(v, v);
                }
                visitor.row(line, values);
            }
            if (header == null) {
                throw new InputException(name, 0, null, "is empty; a CSV file needs a header line naming the columns, then data rows");
            }
        } catch (UncheckedIOException e) {
            throw malformed(file, lines, e.getCause());
        } catch (IOException e) {
            throw malformed(file, lines, e);
        }
    }

    private static InputException malformed(Path file, LineTracker lines, IOException e) {
        if (lines.failed != null) {
            // The file itself failed (bad encoding, truncated gzip), not the CSV syntax.
            return Sources.failure(file, 0, lines.failed);
        }
        // Commons CSV reports quoting errors as IOExceptions whose message names the line.
        return new InputException(file.toString(), 0, null, "is not valid CSV (" + Sources.oneLine(e)
                + "); check the quoting: a field that starts with \" must end with \" and inner quotes must be doubled", e);
    }

    private static boolean isBlank(CSVRecord record) {
        return record.size() == 1 && record.get(0).isBlank();
    }

    private static List<String> header(String file, long line, CSVRecord record) {
        List<String> names = new ArrayList<>(record.size());
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < record.size(); i++) {
            String n = record.get(i);
            if (i == 0 && n.startsWith("\uFEFF")) {
                n = n.substring(1); // byte-order mark written by some spreadsheet exports
            }
            n = n.trim();
            if (n.isEmpty()) {
                throw new InputException(file, line, null, "header column " + (i + 1)
                        + " has no name; the first line must name every column");
            }
            Integer before = seen.put(n, i + 1);
            if (before != null) {
                throw new InputException(file, line, null, "the header names column '" + n + "' twice (columns " + before
                        + " and " + (i + 1) + "); give every column a distinct name");
            }
            names.add(n);
        }
        return names;
    }

    /**
     * Maps the parser's character positions to physical line numbers. Commons CSV counts records,
     * not lines, so the reader underneath remembers where each line break was; only breaks between
     * the last looked-up record and the parser's read-ahead are held.
     */
    private static final class LineTracker extends Reader {
        private final Reader in;
        private long position;
        private boolean lastWasCr;
        private long[] breaks = new long[1024];
        private int head;
        private int tail;
        private long line = 1;
        private IOException failed;

        LineTracker(Reader in) {
            this.in = in;
        }

        @Override
        public int read(char[] buf, int off, int len) throws IOException {
            int n;
            try {
                n = in.read(buf, off, len);
            } catch (IOException e) {
                failed = e;
                throw e;
            }
            for (int i = off; i < off + n; i++) {
                char c = buf[i];
                // Same rule as the parser: CR, LF and CRLF each end one line.
                if (c == '\r' || c == '\n' && !lastWasCr) {
                    push(position);
                }
                lastWasCr = c == '\r';
                position++;
            }
            return n;
        }

        private void push(long at) {
            if (tail == breaks.length) {
                if (head > 0) {
                    System.arraycopy(breaks, head, breaks, 0, tail - head);
                    tail -= head;
                    head = 0;
                } else {
                    breaks = java.util.Arrays.copyOf(breaks, breaks.length * 2);
                }
            }
            breaks[tail++] = at;
        }

        /** Line of the character at {@code charPosition}; positions must be asked in increasing order. */
        long lineAt(long charPosition) {
            while (head < tail && breaks[head] < charPosition) {
                head++;
                line++;
            }
            return line;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
