package io.ganwatch.streams;

import io.ganwatch.avro.NetworkConnection;
import io.ganwatch.features.FeatureEncoder;
import io.ganwatch.features.FeatureSpecLearner;
import io.ganwatch.features.MissingPolicy;
import io.ganwatch.input.Table;
import io.ganwatch.registry.ConfluentFraming;
import io.ganwatch.registry.SchemaRegistryClient;
import io.ganwatch.registry.SchemaRegistrySettings;
import io.ganwatch.registry.StandInRegistry;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.opentest4j.AssertionFailedError;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Seeded fuzzing of the scoring path up to the model: 10,000 mutations of valid records in the three
 * wire formats run through decode, then {@link ScoringProcessor#encode} (extract, validate, encode).
 * Each must end as a feature row of the encoder's width with finite values only, or as a
 * {@link RejectedRecordException} with a reason; any other throwable, a mutation slower than two
 * seconds, or one allocating more than {@value #MAX_ALLOCATED_BYTES} bytes fails with the seed and
 * index that replay it ({@code -Dganwatch.fuzz.seed=S -Dganwatch.fuzz.only=I}).
 */
class DecoderFuzzTest {
    private static final long SEED = Long.getLong("ganwatch.fuzz.seed", 20261202L);
    private static final int ONLY = Integer.getInteger("ganwatch.fuzz.only", -1);
    private static final int MUTATIONS = 10_000;
    /** Generous for inputs of at most a few hundred kilobytes, and far below the gigabytes a corrupted length claims. */
    private static final long MAX_ALLOCATED_BYTES = 64L << 20;
    /** Far above a mutation's milliseconds even on a loaded machine, far below the 15 s a quadratic regex took. */
    private static final long MAX_NANOS = Duration.ofSeconds(2).toNanos();
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /**
     * The three fields the model reads, among fields of every kind whose length or item count Avro
     * reads from the data (string, bytes, array, map, and an array of nulls whose items take no bytes).
     */
    static final Schema FUZZ = new Schema.Parser().parse("""
            {"type": "record", "name": "FuzzConn", "namespace": "test", "fields": [
              {"name": "bytes", "type": "double"},
              {"name": "duration", "type": ["null", "double"]},
              {"name": "protocol", "type": "string"},
              {"name": "port", "type": "int"},
              {"name": "count", "type": "long"},
              {"name": "ratio", "type": "float"},
              {"name": "kind", "type": {"type": "enum", "name": "Kind", "symbols": ["A", "B", "C"]}},
              {"name": "tags", "type": {"type": "array", "items": "string"}},
              {"name": "attrs", "type": {"type": "map", "values": "long"}},
              {"name": "payload", "type": "bytes"},
              {"name": "gaps", "type": {"type": "array", "items": "null"}},
              {"name": "id", "type": {"type": "fixed", "name": "Id", "size": 4}},
              {"name": "ok", "type": "boolean"}
            ]}""");
    /** Fields that start with a length or an item count, by position in {@link #FUZZ}. */
    private static final int[] LENGTH_FIELDS = {2, 7, 8, 9, 10};
    private static final long[] HUGE = {Integer.MAX_VALUE - 8, Integer.MAX_VALUE, 1L << 31, 1L << 40, Long.MAX_VALUE,
            -(1L << 31), Long.MIN_VALUE, 1L << 30};

    @TempDir
    static Path dir;
    static StandInRegistry registry;
    static SchemaCatalog catalog;
    static SchemaRegistryClient client;
    static int fuzzId;
    static int otherId;
    static FeatureEncoder imputing;
    static FeatureEncoder rejecting;

    @BeforeAll
    static void setUp() throws Exception {
        catalog = SchemaCatalog.of(List.of(Files.writeString(dir.resolve("fuzz.avsc"), FUZZ.toString())));
        registry = new StandInRegistry();
        fuzzId = registry.register("in-value", FUZZ);
        otherId = registry.register("other-value", NetworkConnection.getClassSchema());
        client = new SchemaRegistryClient(SchemaRegistrySettings.from(Map.of(SchemaRegistrySettings.URL, registry.url()))
                .withRetries(Duration.ofSeconds(2), 2, Duration.ofMillis(10)));
        client.schemaById(fuzzId); // the first request opens the connection, which is no mutation's cost
        Table connections = ConnModels.connections(5);
        imputing = new FeatureEncoder(FeatureSpecLearner.excluding(Set.of()).learn(connections));
        rejecting = new FeatureEncoder(new FeatureSpecLearner(Set.of(), Set.of(), MissingPolicy.REJECT, 1000).learn(connections));
    }

    @AfterAll
    static void tearDown() {
        registry.close();
    }

    /** What one mutation did, for the failure message and the tally. */
    private record Case(String kind, byte[] value, boolean valid) {
    }

    // ---------------------------------------------------------------- valid records

    private static GenericRecord validRecord(Random r) {
        GenericRecord g = new GenericData.Record(FUZZ);
        double d = Math.exp(r.nextGaussian() * 0.3);
        g.put("bytes", d * 1000 * Math.exp(r.nextGaussian() * 0.1));
        g.put("duration", r.nextInt(10) == 0 ? null : d);
        g.put("protocol", List.of("tcp", "udp", "icmp", "").get(r.nextInt(4)));
        g.put("port", r.nextInt(65536));
        g.put("count", r.nextLong());
        g.put("ratio", r.nextFloat());
        g.put("kind", new GenericData.EnumSymbol(FUZZ.getField("kind").schema(), "ABC".substring(r.nextInt(3)).substring(0, 1)));
        List<String> tags = new ArrayList<>();
        for (int i = r.nextInt(4); i > 0; i--) {
            tags.add("t" + r.nextInt(100));
        }
        g.put("tags", tags);
        Map<String, Long> attrs = new LinkedHashMap<>();
        for (int i = r.nextInt(4); i > 0; i--) {
            attrs.put("a" + r.nextInt(100), r.nextLong());
        }
        g.put("attrs", attrs);
        byte[] payload = new byte[r.nextInt(16)];
        r.nextBytes(payload);
        g.put("payload", ByteBuffer.wrap(payload));
        List<Object> gaps = new ArrayList<>();
        for (int i = r.nextInt(3); i > 0; i--) {
            gaps.add(null);
        }
        g.put("gaps", gaps);
        byte[] id = new byte[4];
        r.nextBytes(id);
        g.put("id", new GenericData.Fixed(FUZZ.getField("id").schema(), id));
        g.put("ok", r.nextBoolean());
        return g;
    }

    /** The record's binary datum, and where each field starts in it (a record's encoding is its fields' in order). */
    private record Datum(byte[] bytes, int[] starts) {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Datum datum(GenericRecord g) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder e = EncoderFactory.get().binaryEncoder(out, null);
        int[] starts = new int[FUZZ.getFields().size()];
        try {
            for (Schema.Field f : FUZZ.getFields()) {
                e.flush();
                starts[f.pos()] = out.size();
                new GenericDatumWriter(f.schema()).write(g.get(f.pos()), e);
            }
            e.flush();
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        return new Datum(out.toByteArray(), starts);
    }

    private static byte[] singleObjectHeader(long fingerprint) {
        return ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN).put((byte) 0xC3).put((byte) 0x01).putLong(fingerprint).array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] frame(WireFormat format, byte[] datum) {
        return format == WireFormat.AVRO
                ? concat(singleObjectHeader(SchemaNormalization.parsingFingerprint64(FUZZ)), datum)
                : ConfluentFraming.frame(fuzzId, datum, 0, datum.length);
    }

    private static int header(WireFormat format) {
        return format == WireFormat.AVRO ? 10 : ConfluentFraming.HEADER;
    }

    // ---------------------------------------------------------------- Avro mutations

    private static byte[] varint(long n) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long z = (n << 1) ^ (n >> 63);
        while ((z & ~0x7FL) != 0) {
            out.write((int) ((z & 0x7F) | 0x80));
            z >>>= 7;
        }
        out.write((int) z);
        return out.toByteArray();
    }

    /** {@code datum} with the varint at {@code at} replaced by {@code n}. */
    private static byte[] withVarint(byte[] datum, int at, long n) {
        int end = at;
        while (end < datum.length && (datum[end] & 0x80) != 0) {
            end++;
        }
        end = Math.min(end + 1, datum.length);
        byte[] v = varint(n);
        byte[] out = new byte[datum.length - (end - at) + v.length];
        System.arraycopy(datum, 0, out, 0, at);
        System.arraycopy(v, 0, out, at, v.length);
        System.arraycopy(datum, end, out, at + v.length, datum.length - end);
        return out;
    }

    private static byte[] splice(byte[] b, int at, int delete, byte[] insert) {
        byte[] out = new byte[b.length - delete + insert.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(b, at + delete, out, at + insert.length, b.length - at - delete);
        return out;
    }

    private static byte[] random(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static Case mutateAvro(WireFormat format, Random r) {
        Datum d = datum(validRecord(r));
        byte[] valid = frame(format, d.bytes());
        int h = header(format);
        byte[] b = valid.clone();
        switch (r.nextInt(12)) {
            case 0 -> {
                for (int i = 1 + r.nextInt(8); i > 0; i--) {
                    b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                }
                return new Case("bit flips", b, false);
            }
            case 1 -> {
                int at = h + r.nextInt(b.length - h);
                b[at] ^= (byte) (1 << r.nextInt(8));
                return new Case("bit flip in the datum", b, false);
            }
            case 2 -> {
                return new Case("bytes inserted", splice(b, r.nextInt(b.length + 1), 0, random(r, 1 + r.nextInt(4))), false);
            }
            case 3 -> {
                int at = r.nextInt(b.length);
                return new Case("bytes deleted", splice(b, at, Math.min(1 + r.nextInt(4), b.length - at), new byte[0]), false);
            }
            case 4 -> {
                return new Case("truncated", Arrays.copyOf(b, r.nextInt(b.length)), false);
            }
            case 5 -> {
                return new Case("junk appended", concat(b, random(r, 1 + r.nextInt(64))), false);
            }
            case 6, 7 -> {
                int field = LENGTH_FIELDS[r.nextInt(LENGTH_FIELDS.length)];
                long n = r.nextBoolean() ? HUGE[r.nextInt(HUGE.length)] : 1000 + r.nextInt(Integer.MAX_VALUE - 1000);
                return new Case("huge length in field " + FUZZ.getFields().get(field).name() + " (" + n + ")",
                        frame(format, withVarint(d.bytes(), d.starts()[field], n)), false);
            }
            case 8 -> {
                int field = LENGTH_FIELDS[r.nextInt(LENGTH_FIELDS.length)];
                long n = r.nextInt(300) - 20;
                return new Case("wrong length in field " + FUZZ.getFields().get(field).name() + " (" + n + ")",
                        frame(format, withVarint(d.bytes(), d.starts()[field], n)), false);
            }
            case 9 -> {
                return r.nextBoolean()
                        ? new Case("random datum", concat(Arrays.copyOf(valid, h), random(r, r.nextInt(200))), false)
                        : new Case("random bytes", random(r, r.nextInt(64)), false);
            }
            case 10 -> {
                return corruptSchema(format, d.bytes(), r);
            }
            default -> {
                return new Case("unchanged", valid, true);
            }
        }
    }

    private static Case corruptSchema(WireFormat format, byte[] datum, Random r) {
        if (format == WireFormat.AVRO) {
            long fp = SchemaNormalization.parsingFingerprint64(FUZZ);
            return switch (r.nextInt(3)) {
                case 0 -> new Case("fingerprint bit flip", concat(singleObjectHeader(fp ^ (1L << r.nextInt(64))), datum), false);
                case 1 -> new Case("fingerprint of another schema", concat(singleObjectHeader(
                        SchemaNormalization.parsingFingerprint64(NetworkConnection.getClassSchema())), datum), false);
                default -> new Case("random fingerprint", concat(singleObjectHeader(r.nextLong()), datum), false);
            };
        }
        int id = switch (r.nextInt(4)) {
            case 0 -> otherId; // a real schema, not the one the datum was written with
            case 1 -> -1 - r.nextInt(Integer.MAX_VALUE);
            case 2 -> 0;
            default -> fuzzId + 1 + r.nextInt(1000);
        };
        return new Case("schema id " + id, ConfluentFraming.frame(id, datum, 0, datum.length), false);
    }

    // ---------------------------------------------------------------- JSON mutations

    private static Map<String, String> validJson(Random r) {
        GenericRecord g = validRecord(r);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("bytes", Double.toString((double) g.get("bytes")));
        fields.put("duration", String.valueOf(g.get("duration")));
        fields.put("protocol", "\"" + g.get("protocol") + "\"");
        fields.put("port", g.get("port").toString());
        fields.put("tags", "[\"a\", 1, null]");
        fields.put("note", "{\"x\": [1, 2]}");
        return fields;
    }

    private static byte[] json(Map<String, String> fields) {
        StringBuilder s = new StringBuilder("{");
        fields.forEach((k, v) -> s.append(s.length() > 1 ? ", " : "").append('"').append(k).append("\": ").append(v));
        return s.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String modelField(Random r) {
        return List.of("bytes", "duration", "protocol").get(r.nextInt(3));
    }

    private static Case mutateJson(Random r) {
        Map<String, String> f = validJson(r);
        byte[] valid = json(f);
        byte[] b = valid.clone();
        String field = modelField(r);
        switch (r.nextInt(12)) {
            case 0 -> {
                for (int i = 1 + r.nextInt(4); i > 0; i--) {
                    b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                }
                return new Case("bit flips", b, false);
            }
            case 1 -> {
                int at = r.nextInt(b.length);
                return r.nextBoolean() ? new Case("bytes inserted", splice(b, at, 0, random(r, 1 + r.nextInt(4))), false)
                        : new Case("bytes deleted", splice(b, at, Math.min(1 + r.nextInt(4), b.length - at), new byte[0]), false);
            }
            case 2 -> {
                return new Case("truncated", Arrays.copyOf(b, r.nextInt(b.length)), false);
            }
            case 3 -> {
                byte[] junk = r.nextBoolean() ? random(r, 1 + r.nextInt(32))
                        : " {\"bytes\": 1, \"duration\": 2, \"protocol\": \"udp\"}".getBytes(StandardCharsets.UTF_8);
                return new Case("junk appended", concat(b, junk), false);
            }
            case 4 -> {
                int depth = 10 + r.nextInt(20_000);
                String open = r.nextBoolean() ? "[" : "{\"a\": ";
                String close = open.equals("[") ? "]" : "}";
                f.put(field, open.repeat(depth) + "1" + close.repeat(depth));
                return new Case("nested " + depth + " deep in " + field, json(f), false);
            }
            case 5 -> {
                String n = switch (r.nextInt(5)) {
                    case 0 -> "1e" + (300 + r.nextInt(100_000));
                    case 1 -> "-1e" + (300 + r.nextInt(1000));
                    case 2 -> "9".repeat(300 + r.nextInt(700));
                    case 3 -> "1" + "0".repeat(1000 + r.nextInt(20_000)) + ".5";
                    default -> "0." + "0".repeat(400) + "1e-400";
                };
                f.put(field, n);
                return new Case("huge number in " + field, json(f), false);
            }
            case 6 -> {
                f.put(field, List.of("NaN", "Infinity", "-Infinity", "+Infinity", "\"NaN\"", "\"-inf\"", "nan").get(r.nextInt(7)));
                return new Case("non-finite literal in " + field, json(f), false);
            }
            case 7 -> {
                f.put(field, List.of("true", "\"text\"", "[1, 2]", "{\"x\": 1}", "null", "\"\"", "\"  \"", "-0.0", "1")
                        .get(r.nextInt(9)));
                return new Case("wrong type in " + field, json(f), false);
            }
            case 8 -> {
                f.remove(field);
                return new Case("missing " + field, json(f), false);
            }
            case 9 -> {
                int n = 1000 + r.nextInt(30_000);
                String digits = "1".repeat(n);
                f.put(field, "\"" + (r.nextBoolean() ? digits + "x" : digits) + "\"");
                return new Case("text of " + n + " digits in " + field, json(f), false);
            }
            case 10 -> {
                String top = List.of("[1, 2]", "\"text\"", "123", "null", "", " ", "{}", "{\"bytes\": 1}").get(r.nextInt(8));
                return new Case("top level " + top, top.getBytes(StandardCharsets.UTF_8), false);
            }
            default -> {
                return new Case("unchanged", valid, true);
            }
        }
    }

    // ---------------------------------------------------------------- the run

    private static Case mutate(WireFormat format, Random r) {
        return format == WireFormat.JSON ? mutateJson(r) : mutateAvro(format, r);
    }

    /** The share of the 10,000 mutations for one format, as a range of indices (so that an index names its format). */
    private static int[] range(WireFormat format) {
        int n = WireFormat.values().length;
        int k = format.ordinal();
        return new int[]{MUTATIONS * k / n, MUTATIONS * (k + 1) / n};
    }

    private static String describe(int index, Case c) {
        String hex = HexFormat.of().formatHex(c.value(), 0, Math.min(c.value().length, 64));
        return String.format("seed %d, mutation %d (%s, %d bytes, starting %s); replay with -Dganwatch.fuzz.seed=%d"
                + " -Dganwatch.fuzz.only=%d", SEED, index, c.kind(), c.value().length, hex, SEED, index);
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void everyMutationEitherEncodesToAFiniteRowOrIsRejectedWithAReason(WireFormat format) {
        RecordDecoder decoder = RecordDecoder.of(format, catalog, client);
        Map<MissingPolicy, FieldExtractor> extractors = new EnumMap<>(MissingPolicy.class);
        extractors.put(MissingPolicy.IMPUTE, new FieldExtractor(imputing.spec().columnNames()));
        extractors.put(MissingPolicy.REJECT, new FieldExtractor(rejecting.spec().columnNames()));
        Map<String, Integer> tally = new LinkedHashMap<>();
        int[] range = range(format);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = range[0]; i < range[1]; i++) {
                if (ONLY >= 0 && i != ONLY) {
                    continue;
                }
                Random r = new Random(SEED ^ (i * 0x9E3779B97F4A7C15L));
                Case c = mutate(format, r);
                FeatureEncoder encoder = r.nextBoolean() ? imputing : rejecting;
                String outcome = runOne(format, i, c, decoder, extractors.get(encoder.spec().missing()), encoder);
                tally.merge(outcome, 1, Integer::sum);
            }
        }, () -> "seed " + SEED + ": the " + format.code() + " mutations did not finish in 60 s (a hang); outcomes so far " + tally);
        if (ONLY < 0) {
            // The mutations must reach every outcome, or the run proves little: valid rows score and
            // the corruptions hit each stage (decoding, fields, values).
            assertThat(tally).as("seed %d, %s outcomes", SEED, format.code())
                    .containsKeys("encoded", RejectReason.UNDECODABLE.code());
            assertThat(tally.get("encoded")).as("seed %d, %s: encoded %s", SEED, format.code(), tally)
                    .isGreaterThan((range[1] - range[0]) / 20);
            if (format != WireFormat.JSON) {
                assertThat(tally).as("seed %d, %s outcomes", SEED, format.code()).containsKey(RejectReason.UNKNOWN_SCHEMA.code());
            } else {
                assertThat(tally).as("seed %d, json outcomes", SEED)
                        .containsKeys(RejectReason.MISSING_FIELD.code(), RejectReason.NOT_FINITE.code(), RejectReason.UNENCODABLE.code());
            }
        }
    }

    /** Runs one mutation on the scoring path and checks its outcome; returns "encoded" or the reason's code. */
    private static String runOne(WireFormat format, int index, Case c, RecordDecoder decoder, FieldExtractor extractor,
                                 FeatureEncoder encoder) {
        long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
        long started = System.nanoTime();
        String outcome;
        try {
            float[] x = ScoringProcessor.encode(decoder.decode(c.value()), extractor, encoder, "fuzz", index);
            if (x.length != encoder.width()) {
                throw new AssertionFailedError(describe(index, c) + ": a row of " + x.length + " features, not " + encoder.width());
            }
            for (int k = 0; k < x.length; k++) {
                if (!Float.isFinite(x[k])) {
                    throw new AssertionFailedError(describe(index, c) + ": feature " + k + " is " + x[k]);
                }
            }
            outcome = "encoded";
        } catch (RejectedRecordException e) {
            if (e.reason() == null || e.getMessage() == null || e.getMessage().isBlank()) {
                throw new AssertionFailedError(describe(index, c) + ": rejected without a reason or a message", e);
            }
            if (c.valid() && !(encoder == rejecting && e.reason() == RejectReason.UNENCODABLE)) {
                throw new AssertionFailedError(describe(index, c) + ": a valid record was rejected: " + e.getMessage(), e);
            }
            outcome = e.reason().code();
        } catch (AssertionFailedError e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionFailedError(describe(index, c) + ": threw " + t, t);
        }
        long nanos = System.nanoTime() - started;
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore;
        if (nanos > MAX_NANOS) {
            throw new AssertionFailedError(describe(index, c) + ": took " + nanos / 1_000_000 + " ms (" + outcome + ")");
        }
        if (allocated > MAX_ALLOCATED_BYTES) {
            throw new AssertionFailedError(describe(index, c) + ": allocated " + allocated + " bytes (" + outcome + ")");
        }
        return outcome;
    }

    // ---------------------------------------------------------------- regressions, one per defect found

    private static long allocatedBy(Runnable r) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        r.run();
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }

    private static void assertRejected(RecordDecoder decoder, byte[] value, RejectReason reason, String message) {
        RuntimeException[] thrown = new RuntimeException[1];
        long allocated = allocatedBy(() -> {
            try {
                decoder.decode(value);
            } catch (RuntimeException e) {
                thrown[0] = e;
            }
        });
        assertThat(thrown[0]).isInstanceOfSatisfying(RejectedRecordException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageContaining(message);
        assertThat(allocated).as("bytes allocated to reject it").isLessThan(16L << 20);
    }

    /** Was an OutOfMemoryError (or 2 GB allocated) for strings, bytes and arrays, and an UnsupportedOperationException beyond 2^31 items. */
    @ParameterizedTest
    @EnumSource(value = WireFormat.class, names = {"AVRO", "CONFLUENT_AVRO"})
    void aLengthOrItemCountBeyondTheInputIsRejectedWithoutAllocatingIt(WireFormat format) {
        RecordDecoder decoder = RecordDecoder.of(format, catalog, client);
        Datum d = datum(validRecord(new Random(2)));
        for (int field : LENGTH_FIELDS) {
            for (long n : new long[]{Integer.MAX_VALUE - 8, 1_583_244_599, Long.MAX_VALUE, 1L << 40}) {
                assertRejected(decoder, frame(format, withVarint(d.bytes(), d.starts()[field], n)), RejectReason.UNDECODABLE,
                        "remain");
            }
        }
        assertThat(decoder.decode(frame(format, d.bytes())).get("protocol")).isNotNull(); // the decoder is still usable
    }

    @Test
    void bytesAfterTheDatumAreRejected() {
        RecordDecoder decoder = RecordDecoder.of(WireFormat.AVRO, catalog);
        byte[] valid = frame(WireFormat.AVRO, datum(validRecord(new Random(3))).bytes());
        assertRejected(decoder, concat(valid, new byte[]{1, 2, 3}), RejectReason.UNDECODABLE, "3 bytes follow the datum");
    }

    @Test
    void anArrayOfNullsLongerThanTheInputStillDecodes() {
        GenericRecord g = validRecord(new Random(4));
        List<Object> gaps = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            gaps.add(null);
        }
        g.put("gaps", gaps);
        DecodedRecord decoded = RecordDecoder.of(WireFormat.AVRO, catalog).decode(frame(WireFormat.AVRO, datum(g).bytes()));
        assertThat((List<?>) decoded.get("gaps")).hasSize(1000);
    }

    /** Was a ServiceOutageException (the registry answers 404 for the path), restarting the task on the same record forever. */
    @Test
    void aNegativeSchemaIdIsAnUnknownSchemaAndTheRegistryIsNotAsked() {
        RecordDecoder decoder = RecordDecoder.of(WireFormat.CONFLUENT_AVRO, catalog, client);
        byte[] datum = datum(validRecord(new Random(5))).bytes();
        int before = registry.requests().size();
        assertRejected(decoder, ConfluentFraming.frame(-991_345_394, datum, 0, datum.length), RejectReason.UNKNOWN_SCHEMA,
                "schema id -991345394 is negative");
        assertThat(registry.requests()).hasSize(before);
    }

    /** Was scored as the first object, the second silently dropped. */
    @Test
    void twoJsonObjectsInOneMessageAreRejected() {
        byte[] two = "{\"bytes\": 1, \"duration\": 2, \"protocol\": \"tcp\"} {\"bytes\": 3, \"duration\": 4, \"protocol\": \"udp\"}"
                .getBytes(StandardCharsets.UTF_8);
        assertRejected(new JsonRecordDecoder(), two, RejectReason.UNDECODABLE, "not valid JSON");
    }

    // ---------------------------------------------------------------- the fixture itself

    @Test
    void theFuzzersFramingIsAvrosOwn() throws Exception {
        GenericRecord g = validRecord(new Random(1));
        ByteBuffer own = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), FUZZ).encode(g);
        byte[] expected = new byte[own.remaining()];
        own.get(expected);
        assertThat(frame(WireFormat.AVRO, datum(g).bytes())).isEqualTo(expected);
    }
}
