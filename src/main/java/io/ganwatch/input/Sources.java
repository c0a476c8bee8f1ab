package io.ganwatch.input;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * File opening shared by the readers, so that every format reports a missing, unreadable or
 * mis-compressed file with the same wording and never leaks an {@link IOException}.
 */
final class Sources {
    private static final int BUFFER = 1 << 16;

    private Sources() {
    }

    /** Refuses a path that is not a readable regular file, before any format-specific work. */
    static void checkReadable(Path file) {
        String name = file.toString();
        if (!Files.exists(file)) {
            throw new InputException(name, 0, null, "no such file; check the path");
        }
        if (Files.isDirectory(file)) {
            throw new InputException(name, 0, null, "is a directory; pass a data file instead");
        }
        if (!Files.isReadable(file)) {
            throw new InputException(name, 0, null, "cannot be read (permission denied); check the file's permissions");
        }
    }

    /** Opens a file for reading, gunzipping it when its name ends in {@code .gz}. */
    static InputStream open(Path file) {
        checkReadable(file);
        InputStream in = null;
        try {
            in = new BufferedInputStream(Files.newInputStream(file), BUFFER);
            // An empty .gz is reported as an empty file by the reader rather than as a gzip error.
            if (isGzip(file) && Files.size(file) > 0) {
                in = new BufferedInputStream(new GZIPInputStream(in, BUFFER), BUFFER);
            }
            return in;
        } catch (ZipException | java.io.EOFException e) {
            closeQuietly(in);
            throw new InputException(file.toString(), 0, null,
                    "is not gzip-compressed although its name ends in .gz; gunzip it again or rename it without .gz", e);
        } catch (IOException e) {
            closeQuietly(in);
            throw failure(file, 0, e);
        }
    }

    /**
     * Opens a text file as strict UTF-8 (a wrong encoding is reported instead of silently garbling
     * categories), with lines bounded to {@link #MAX_LINE_CHARS}.
     */
    static BufferedReader openText(Path file) {
        InputStream in = open(file);
        return new BufferedReader(new BoundedLines(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT))), BUFFER);
    }

    /**
     * The longest physical line a text reader accepts, in characters (4 Mi). A row of ten thousand
     * wide columns is far below it; a file without line breaks (a binary file, a JSON document on one
     * line) is far above it, and without the bound it would be read into one string until the heap ran out.
     */
    public static final int MAX_LINE_CHARS = 1 << 22;

    /** A line longer than {@link #MAX_LINE_CHARS}; an {@link IOException} so that parsers pass it through. */
    static final class LineTooLongException extends IOException {
        final long line;

        LineTooLongException(long line) {
            super("line " + line + " is longer than " + MAX_LINE_CHARS + " characters");
            this.line = line;
        }
    }

    /** Counts characters since the last line break and fails as soon as a line passes the bound. */
    private static final class BoundedLines extends java.io.Reader {
        private final java.io.Reader in;
        private long line = 1;
        private int length;
        private boolean lastWasCr;

        BoundedLines(java.io.Reader in) {
            this.in = in;
        }

        @Override
        public int read(char[] buf, int off, int len) throws IOException {
            int n = in.read(buf, off, len);
            for (int i = off; i < off + n; i++) {
                char c = buf[i];
                if (c == '\n' || c == '\r') {
                    if (c == '\r' || !lastWasCr) {
                        line++; // CR, LF and CRLF each end one line
                    }
                    length = 0;
                } else if (++length > MAX_LINE_CHARS) {
                    throw new LineTooLongException(line);
                }
                lastWasCr = c == '\r';
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** Whether the file has zero bytes (checked after {@link #checkReadable}, so it exists). */
    static boolean isEmpty(Path file) {
        try {
            return Files.size(file) == 0;
        } catch (IOException e) {
            throw failure(file, 0, e);
        }
    }

    /** Whether the name says the file is gzip-compressed. */
    static boolean isGzip(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz");
    }

    /** Turns an I/O failure while reading into an {@link InputException} that keeps the cause. */
    static InputException failure(Path file, long line, IOException e) {
        String name = file.toString();
        if (e instanceof NoSuchFileException) {
            return new InputException(name, 0, null, "no such file; check the path", e);
        }
        if (e instanceof AccessDeniedException) {
            return new InputException(name, 0, null, "cannot be read (permission denied); check the file's permissions", e);
        }
        if (e instanceof LineTooLongException tooLong) {
            return new InputException(name, tooLong.line, null, "has a line longer than " + MAX_LINE_CHARS
                    + " characters; this is not a line-based data file (no line breaks?): check --format, or split the line", e);
        }
        if (e instanceof CharacterCodingException) {
            return new InputException(name, line, null, "is not UTF-8 text; re-save the file as UTF-8", e);
        }
        if (e instanceof ZipException || e instanceof java.io.EOFException) {
            return new InputException(name, line, null, "is truncated or corrupt (" + oneLine(e)
                    + "); download or export the file again", e);
        }
        return new InputException(name, line, null, "could not be read (" + oneLine(e) + "); check the file and try again", e);
    }

    /** An exception's message folded onto one line, since {@link InputException} messages are single lines. */
    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replaceAll("\\s+", " ").trim();
    }

    static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // Already failing; the original problem is the one to report.
            }
        }
    }

    /**
     * Shares one instance per distinct value within a column. Large files repeat the same few
     * values (protocol names, "0", "0.00") millions of times; sharing them is what lets half a
     * million rows fit in a default heap. Stops growing at {@code limit} entries so that id-like
     * columns do not turn the cache itself into the memory problem.
     */
    static final class Dedup<T> {
        private final Map<String, T> map = new HashMap<>();
        private final int limit;

        Dedup(int limit) {
            this.limit = limit;
        }

        T get(String key) {
            return map.get(key);
        }

        T put(String key, T value) {
            if (map.size() < limit) {
                map.put(key, value);
            }
            return value;
        }
    }
}
