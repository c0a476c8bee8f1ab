package io.ganwatch.streams;

import io.ganwatch.avro.AnomalyAlert;
import io.ganwatch.avro.CardTransaction;
import io.ganwatch.avro.NetworkConnection;
import io.ganwatch.avro.ScoredRecord;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Avro schemas the processor can read, keyed by their CRC-64-AVRO fingerprint (the one Avro's
 * single-object encoding puts in every message): the schemas of {@code schemas/}, built into the
 * jar, plus any {@code .avsc} files the user configures for their own record types.
 */
public final class SchemaCatalog {
    private final Map<Long, Schema> byFingerprint;

    private SchemaCatalog(Map<Long, Schema> byFingerprint) {
        this.byFingerprint = Map.copyOf(byFingerprint);
    }

    /** The built-in schemas and those in {@code extraFiles}. */
    public static SchemaCatalog of(List<Path> extraFiles) {
        List<Schema> schemas = new ArrayList<>(List.of(NetworkConnection.getClassSchema(), CardTransaction.getClassSchema(),
                AnomalyAlert.getClassSchema(), ScoredRecord.getClassSchema()));
        for (Path file : extraFiles) {
            try {
                schemas.add(new Schema.Parser().parse(file.toFile()));
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("cannot read Avro schema " + file + ": " + e.getMessage()
                        + "; pass a valid .avsc file", e);
            }
        }
        Map<Long, Schema> m = new LinkedHashMap<>();
        for (Schema s : schemas) {
            m.put(SchemaNormalization.parsingFingerprint64(s), s);
        }
        return new SchemaCatalog(m);
    }

    /** A catalog of exactly {@code schemas}, for a topic that carries only ganwatch's own records. */
    static SchemaCatalog ofSchemas(Schema... schemas) {
        Map<Long, Schema> m = new LinkedHashMap<>();
        for (Schema s : schemas) {
            m.put(SchemaNormalization.parsingFingerprint64(s), s);
        }
        return new SchemaCatalog(m);
    }

    /** The schema with this fingerprint, or {@code null}. */
    public Schema find(long fingerprint) {
        return byFingerprint.get(fingerprint);
    }

    /** All schemas. */
    public Map<Long, Schema> all() {
        return byFingerprint;
    }
}
