package io.ganwatch.augment.service;

import io.ganwatch.input.InputException;
import io.ganwatch.input.InputFormat;
import io.ganwatch.input.Inputs;
import io.ganwatch.input.RowLimitException;
import io.ganwatch.input.Table;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads a request's source into a {@link SourceData}: files with the same readers as every other
 * command, topics through a {@link TopicReader}. Any problem with the data becomes a REJECTED
 * reason naming the source.
 */
final class SourceReader {
    /** Reads a topic (the Kafka part, kept behind this interface so the rest is testable without a broker). */
    @FunctionalInterface
    interface TopicReader {
        /**
         * Reads a topic from its beginning to its current end.
         *
         * @throws RejectedRequestException when the topic does not exist, holds records that cannot be
         *                                  made into a table, or holds more records or fields than the limits allow
         * @param what "source" or "test_source", for reasons
         */
        SourceData read(SourceRef.TopicRef topic, Limits limits, String what);
    }

    private final TopicReader topics;

    SourceReader(TopicReader topics) {
        this.topics = topics;
    }

    /**
     * Reads one source.
     *
     * @param what   "source" or "test_source", for reasons
     * @param limits the service's limits; reading stops at the first row (or topic field) past them
     * @throws RejectedRequestException for an unreadable source or one over the limit
     */
    SourceData read(SourceRef ref, Limits limits, String what) {
        long maxRows = limits.maxRows();
        if (ref instanceof SourceRef.FileRef f) {
            requireSize(f, limits.maxSourceBytes(), what);
        }
        SourceData data = ref instanceof SourceRef.FileRef f ? file(f, maxRows, what) : topics.read((SourceRef.TopicRef) ref, limits, what);
        if (data.table().size() > maxRows) {
            throw overLimit(what, ref, String.valueOf(data.table().size()), maxRows);
        }
        if (data.table().size() == 0) {
            throw new RejectedRequestException(what + " " + ref.describe() + " holds no rows; point it at the real data");
        }
        return data;
    }

    /** @param rows the row count, or "more than N" when reading stopped at the limit */
    static RejectedRequestException overLimit(String what, SourceRef ref, String rows, long maxRows) {
        return new RejectedRequestException(what + " " + ref.describe() + " has " + rows + " rows, over this service's limit of " + maxRows + " rows; sample it down, or ask the operator to raise --max-rows");
    }

    /** @param bytes the byte count, or "more than N" when reading stopped at the limit */
    static RejectedRequestException overByteLimit(String what, SourceRef ref, String bytes, long maxBytes) {
        return new RejectedRequestException(what + " " + ref.describe() + " has " + bytes + " bytes, over this service's limit of "
                + maxBytes + " bytes; sample it down, or ask the operator to raise --max-source-bytes");
    }

    /** The size on disk, checked before the file is opened (a missing file is left to the reader to report). */
    private static void requireSize(SourceRef.FileRef f, long maxBytes, String what) {
        long size;
        try {
            size = Files.size(f.path());
        } catch (IOException e) {
            return;
        }
        if (size > maxBytes) {
            throw overByteLimit(what, f, String.valueOf(size), maxBytes);
        }
    }

    private static SourceData file(SourceRef.FileRef f, long maxRows, String what) {
        InputFormat format = f.format() == null ? InputFormat.guess(f.path()) : f.format();
        try {
            Table table = Inputs.read(f.path(), format, maxRows);
            return new SourceData(table, format == InputFormat.AVRO ? avroSchema(f.path(), what) : null);
        } catch (RowLimitException e) {
            throw overLimit(what, f, "more than " + maxRows, maxRows);
        } catch (InputException e) {
            throw new RejectedRequestException(what + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The writer schema of an Avro container file (the reader already checked the file). */
    private static Schema avroSchema(Path file, String what) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file));
             InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
             DataFileStream<GenericRecord> s = new DataFileStream<>(in, new GenericDatumReader<>())) {
            return s.getSchema();
        } catch (IOException e) {
            throw new RejectedRequestException(what + " " + file + ": cannot read its Avro schema (" + e.getMessage() + ")", e);
        }
    }
}
