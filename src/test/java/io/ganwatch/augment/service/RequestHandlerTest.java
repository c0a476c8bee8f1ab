package io.ganwatch.augment.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ganwatch.avro.AugmentationStatus;
import io.ganwatch.input.InputException;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every way a request is REJECTED or FAILED, and what an OK outcome carries, with the real checks
 * and readers and a stand-in job (the seam the service takes its job through).
 */
class RequestHandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Path source;
    Limits limits = new Limits(1000, 50, Duration.ofSeconds(60));
    Set<String> topics = Set.of("synthetic", "cards");
    AugmentationJob job = Fixtures::copyMinority;

    @BeforeEach
    void data() throws IOException {
        source = Fixtures.csv(dir, "cards.csv", 40, 8);
    }

    private RequestHandler handler() {
        return new RequestHandler(new RequestValidator(limits, FileRoots.of(List.of(dir)), Set.of("requests", "results")), limits,
                new SourceReader((t, max, what) -> {
                    throw new AssertionError("no topic source in this test");
                }), topics::contains, job);
    }

    private IncomingRequest request(String method, Integer count, String label, List<String> minority, IncomingRequest.Location to) {
        return new IncomingRequest("r1", IncomingRequest.Location.file(source.toString(), null), null, label, minority, count,
                method, null, 3L, null, null, to);
    }

    private IncomingRequest smote(int count) {
        return request("smote", count, "label", List.of("1"), IncomingRequest.Location.topic("synthetic", null));
    }

    private Outcome handle(IncomingRequest r) {
        return handler().handle(r);
    }

    private static void assertRejected(Outcome o, String... reasonParts) {
        assertThat(o.status()).isEqualTo(AugmentationStatus.REJECTED);
        assertThat(o.reason()).contains(reasonParts);
        assertThat(o.records()).isEmpty();
        assertThat(o.syntheticRows()).isZero();
    }

    @Test
    void aSmoteRequestToATopicGivesTheRecordsAndTheCounts() throws IOException {
        Outcome o = handle(smote(12));
        assertThat(o.status()).isEqualTo(AugmentationStatus.OK);
        assertThat(o.reason()).isNull();
        assertThat(o.sourceRows()).isEqualTo(48);
        assertThat(o.minorityRows()).isEqualTo(8);
        assertThat(o.syntheticRows()).isEqualTo(12);
        assertThat(o.destinationTopic()).isEqualTo("synthetic");
        assertThat(o.records()).hasSize(12);
        // a CSV source has no schema: each record is one JSON object with the source's columns
        JsonNode first = JSON.readTree(o.records().get(0));
        assertThat(first.fieldNames()).toIterable().containsExactly("amount", "duration", "hour", "channel", "label");
        assertThat(first.get("label").asText()).isEqualTo("1");
        assertThat(first.get("channel").asText()).isEqualTo("web");
    }

    @Test
    void overTheRowLimitIsRejected() {
        limits = new Limits(47, 50, Duration.ofSeconds(60));
        assertRejected(handle(smote(5)), "has more than 47 rows", "limit of 47 rows", "--max-rows"); // reading stopped at row 48
    }

    @Test
    void overTheCountLimitIsRejected() {
        assertRejected(handle(smote(51)), "count 51", "limit of 50");
    }

    @Test
    void aCountOfZeroOrLessIsRejected() {
        assertRejected(handle(smote(0)), "count must be at least 1, was 0");
        assertRejected(handle(smote(-3)), "count must be at least 1, was -3");
        assertRejected(handle(request("smote", null, "label", List.of("1"), IncomingRequest.Location.topic("synthetic", null))),
                "count is missing");
    }

    @Test
    void anUnknownLabelColumnIsRejectedNamingTheColumnsThatExist() {
        Outcome o = handle(request("smote", 5, "class", List.of("1"), IncomingRequest.Location.topic("synthetic", null)));
        assertRejected(o, "label column 'class'", "amount, duration, hour, channel, label");
        assertThat(o.sourceRows()).isEqualTo(48); // the source was read before the column was looked up
    }

    @Test
    void anUnknownMinorityValueIsRejectedNamingTheValuesSeen() {
        assertRejected(handle(request("smote", 5, "label", List.of("1", "fraud"), IncomingRequest.Location.topic("synthetic", null))),
                "minority value 'fraud'", "values there include 0, 1");
        assertRejected(handle(request("smote", 5, "label", List.of(), IncomingRequest.Location.topic("synthetic", null))),
                "minority must list at least one label value");
    }

    @Test
    void anUnknownMethodOrClassifierIsRejectedListingTheChoices() {
        assertRejected(handle(request("boosting", 5, "label", List.of("1"), IncomingRequest.Location.topic("synthetic", null))),
                "unknown augmentation method 'boosting'", "none, weighted, smote, gan or auto");
        IncomingRequest r = smote(5);
        assertRejected(handle(new IncomingRequest("r1", r.source(), null, "label", List.of("1"), 5, "smote", "forest", 1L, null, null,
                r.destination())), "unknown classifier 'forest'");
    }

    @Test
    void unknownDestinationsAreRejected() {
        assertRejected(handle(request("smote", 5, "label", List.of("1"), IncomingRequest.Location.file(dir.resolve("out.parquet").toString(), null))),
                "unknown destination file format", ".csv or .avro");
        assertRejected(handle(request("smote", 5, "label", List.of("1"), new IncomingRequest.Location(null, null, null))),
                "unknown destination");
        assertRejected(handle(request("smote", 5, "label", List.of("1"), new IncomingRequest.Location("/x.csv", "t", null))),
                "unknown destination");
        assertRejected(handle(request("smote", 5, "label", List.of("1"), IncomingRequest.Location.topic("no-such-topic", null))),
                "destination topic 'no-such-topic' does not exist");
        assertRejected(handle(request("smote", 5, "label", List.of("1"), IncomingRequest.Location.topic("bad topic!", null))),
                "not a valid topic name");
        assertRejected(handle(request("smote", 5, "label", List.of("1"), IncomingRequest.Location.topic("results", null))),
                "this service's own requests or results topic");
        assertRejected(handle(request("smote", 5, "label", List.of("1"), null)), "destination is missing");
    }

    @Test
    void unreadableSourcesAreRejected() throws IOException {
        source = dir.resolve("missing.csv");
        assertRejected(handle(smote(5)), "source cannot be read", "missing.csv", "no such file");
        source = Files.writeString(dir.resolve("ragged.csv"), "a,label\n1,0\n2\n");
        assertRejected(handle(smote(5)), "ragged.csv:3", "make every row as wide as the header");
        source = Files.writeString(dir.resolve("empty.csv"), "a,label\n");
        assertRejected(handle(smote(5)), "holds no rows");
        IncomingRequest r = smote(5);
        assertRejected(handle(new IncomingRequest("r1", IncomingRequest.Location.file(source.toString(), "parquet"), null, "label",
                List.of("1"), 5, "smote", null, 1L, null, null, r.destination())), "unknown format 'parquet'");
    }

    @Test
    void aMissingSourceTopicIsRejected() {
        IncomingRequest r = smote(5);
        assertRejected(handle(new IncomingRequest("r1", IncomingRequest.Location.topic("no-such-topic", null), null, "label",
                List.of("1"), 5, "smote", null, 1L, null, null, r.destination())), "source topic 'no-such-topic' does not exist");
        assertRejected(handle(new IncomingRequest("r1", IncomingRequest.Location.topic("cards", "xml"), null, "label",
                List.of("1"), 5, "smote", null, 1L, null, null, r.destination())), "unknown wire format 'xml'");
    }

    @Test
    void columnsThatCannotBeAvroFieldsGetAvroSafeNamesInAGeneratedSchema() throws IOException {
        source = Files.writeString(dir.resolve("spaces.csv"), "amount paid,label\n1,0\n2,1\n3,1\n4,0\n");
        Path out = dir.resolve("o.avro");
        Outcome o = handle(request("smote", 2, "label", List.of("1"), IncomingRequest.Location.file(out.toString(), null)));
        assertThat(o.status()).as(o.reason()).isEqualTo(AugmentationStatus.OK);
        List<GenericRecord> written = markedAvroRecords(out);
        Schema s = written.get(0).getSchema();
        assertThat(s.getFields()).extracting(Schema.Field::name).containsExactly("amount_paid", "label", "synthetic");
        assertThat(s.getField("amount_paid").getProp("ganwatch.column")).isEqualTo("amount paid");
        assertThat(written).hasSize(2).allSatisfy(g -> assertThat(g.get("synthetic")).isEqualTo(true));
    }

    /** The records of an Avro file destination, after checking its metadata: marked synthetic, by request r1. */
    private static List<GenericRecord> markedAvroRecords(Path out) throws IOException {
        List<GenericRecord> records = new ArrayList<>();
        try (DataFileReader<GenericRecord> r = new DataFileReader<>(out.toFile(), new GenericDatumReader<>())) {
            assertThat(r.getMetaString("ganwatch.synthetic")).isEqualTo("true");
            assertThat(r.getMetaString("ganwatch.request.id")).isEqualTo("r1");
            r.forEach(records::add);
        }
        return records;
    }

    @Test
    void aSourceWithASyntheticColumnIsRejectedForACsvFileOrAGeneratedAvroSchemaBeforeTheJobRuns() throws IOException {
        source = Files.writeString(dir.resolve("flagged.csv"), "amount,synthetic,label\n1,false,0\n2,false,1\n3,true,1\n4,false,0\n");
        job = spec -> {
            throw new AssertionError("the job must not run");
        };
        for (String name : List.of("o.csv", "o.avro")) {
            Path out = dir.resolve(name);
            assertRejected(handle(request("smote", 2, "label", List.of("1"), IncomingRequest.Location.file(out.toString(), null))),
                    "the source has a column 'synthetic'", "rename or drop that column", "send the records to a topic");
            assertThat(out).doesNotExist();
        }
        job = Fixtures::copyMinority;
        Outcome toTopic = handle(request("smote", 2, "label", List.of("1"), IncomingRequest.Location.topic("synthetic", null)));
        assertThat(toTopic.status()).as(toTopic.reason()).isEqualTo(AugmentationStatus.OK); // a topic record keeps the column as it is
    }

    @Test
    void filesOutsideTheRootsOrWithoutRootsAreRejected() throws IOException {
        Path outside = Files.createTempFile("ganwatch-outside", ".csv");
        try {
            source = outside;
            assertRejected(handle(smote(5)), "outside the directories this service may use");
            source = dir.resolve("..").resolve(outside.getFileName());
            assertRejected(handle(smote(5)), "outside the directories");
            Path link = dir.resolve("link.csv");
            Files.createSymbolicLink(link, outside);
            source = link;
            assertRejected(handle(smote(5)), "outside the directories"); // links are followed before the check
        } finally {
            Files.deleteIfExists(outside);
        }
        RequestHandler noFiles = new RequestHandler(new RequestValidator(limits, FileRoots.NONE, Set.of()), limits,
                new SourceReader((t, max, what) -> null), topics::contains, job);
        source = dir.resolve("cards.csv");
        assertRejected(noFiles.handle(smote(5)), "file sources and destinations are disabled", "--file-root");
    }

    @Test
    void aDestinationFileThatIsTheSourceOrTestSourceIsRejectedAndTheSourceKept() throws IOException {
        String real = Files.readString(source);
        Files.createDirectories(dir.resolve("sub"));
        Path linkedDir = Files.createSymbolicLink(dir.resolve("linked"), dir);
        Path linkedSource = Files.createSymbolicLink(dir.resolve("cards-link.csv"), source);
        Path hardLink = Files.createLink(dir.resolve("cards-hard.csv"), source);
        // The same file, named five ways: as is, with "." and "..", through a linked directory, and as a hard link.
        List<String> sameFile = List.of(source.toString(), dir + "/./cards.csv", dir + "/sub/../cards.csv",
                linkedDir.resolve("cards.csv").toString(), hardLink.toString());
        for (String to : sameFile) {
            assertRejected(handle(request("smote", 5, "label", List.of("1"), IncomingRequest.Location.file(to, null))),
                    "is the source file", "name another destination file");
        }
        source = linkedSource; // the source named through a link, the destination the real file
        assertRejected(handle(request("smote", 5, "label", List.of("1"), IncomingRequest.Location.file(dir.resolve("cards.csv").toString(), null))),
                "is the source file");
        source = dir.resolve("cards.csv");
        Path test = Fixtures.csv(dir, "test.csv", 10, 4);
        String realTest = Files.readString(test);
        IncomingRequest r = smote(5);
        assertRejected(handle(new IncomingRequest("r1", r.source(), IncomingRequest.Location.file(test.toString(), null), "label",
                List.of("1"), 5, "smote", null, 1L, null, null, IncomingRequest.Location.file(dir + "/./test.csv", null))),
                "is the test_source file");
        assertThat(Files.readString(source)).isEqualTo(real);
        assertThat(Files.readString(test)).isEqualTo(realTest);

        Outcome elsewhere = handle(request("smote", 5, "label", List.of("1"), IncomingRequest.Location.file(dir.resolve("out.csv").toString(), null)));
        assertThat(elsewhere.status()).as(elsewhere.reason()).isEqualTo(AugmentationStatus.OK);
    }

    @Test
    void aTimeBudgetOverTheLimitOrBadEpochsAreRejected() {
        IncomingRequest r = smote(5);
        assertRejected(handle(new IncomingRequest("r1", r.source(), null, "label", List.of("1"), 5, "gan", null, 1L, 10, 61,
                r.destination())), "time_budget_seconds 61", "limit of 60 s");
        assertRejected(handle(new IncomingRequest("r1", r.source(), null, "label", List.of("1"), 5, "gan", null, 1L, 0, null,
                r.destination())), "epochs must be at least 1");
    }

    @Test
    void theRequestsGanSamplingReachesTheJobAndABadOneIsRejected() {
        IncomingRequest r = smote(5);
        List<io.ganwatch.augment.gan.Sampling> seen = new java.util.ArrayList<>();
        job = spec -> {
            seen.add(spec.sampling());
            return Fixtures.copyMinority(spec);
        };
        Outcome ok = handle(new IncomingRequest("r1", r.source(), null, "label", List.of("1"), 5, "gan", null, 1L, 1, null,
                r.destination(), new IncomingRequest.GanSampling(null, 1.5, true)));
        assertThat(ok.status()).as(ok.reason()).isEqualTo(AugmentationStatus.OK);
        Outcome byDefault = handle(new IncomingRequest("r2", r.source(), null, "label", List.of("1"), 5, "gan", null, 1L, 1, null,
                r.destination()));
        assertThat(byDefault.status()).as(byDefault.reason()).isEqualTo(AugmentationStatus.OK);
        // 8 minority rows: a small class, whose default truncates the noise.
        assertThat(seen).containsExactly(new io.ganwatch.augment.gan.Sampling(1, 1.5, true),
                io.ganwatch.augment.AugmentSpec.defaultSampling(8));

        assertRejected(handle(new IncomingRequest("r3", r.source(), null, "label", List.of("1"), 5, "gan", null, 1L, 1, null,
                r.destination(), new IncomingRequest.GanSampling(2.0, null, null))), "temperature must be in [0, 1], was 2.0");
        assertRejected(handle(new IncomingRequest("r4", r.source(), null, "label", List.of("1"), 5, "gan", null, 1L, 1, null,
                r.destination(), new IncomingRequest.GanSampling(null, 0.0, null))), "truncation must be positive");
    }

    @Test
    void theRequestsFineTuningReachesTheJobAndABadShareIsRejected() {
        IncomingRequest r = smote(5);
        List<Double> seen = new java.util.ArrayList<>();
        job = spec -> {
            seen.add(spec.gan().fineTuneShare());
            return Fixtures.copyMinority(spec);
        };
        Outcome ok = handle(new IncomingRequest("r1", r.source(), null, "label", List.of("1"), 5, "gan", null, 1L, 1, null,
                r.destination(), null, 0.25));
        assertThat(ok.status()).as(ok.reason()).isEqualTo(AugmentationStatus.OK);
        Outcome byDefault = handle(new IncomingRequest("r2", r.source(), null, "label", List.of("1"), 5, "gan", null, 1L, 1, null,
                r.destination()));
        assertThat(byDefault.status()).as(byDefault.reason()).isEqualTo(AugmentationStatus.OK);
        assertThat(seen).containsExactly(0.25, 0.0);
        assertRejected(handle(new IncomingRequest("r3", r.source(), null, "label", List.of("1"), 5, "gan", null, 1L, 1, null,
                r.destination(), null, 1.5)), "gan_fine_tune must be 0 (none) or a share of the time budget in (0, 0.9], was 1.5");
    }

    @Test
    void aTestSourceWithoutTheLabelColumnIsRejected() throws IOException {
        Path test = Files.writeString(dir.resolve("test.csv"), "amount,duration,hour,channel\n1,2,3,web\n");
        IncomingRequest r = smote(5);
        assertRejected(handle(new IncomingRequest("r1", r.source(), IncomingRequest.Location.file(test.toString(), null), "label",
                List.of("1"), 5, "smote", null, 1L, null, null, r.destination())), "label column 'label' is not in the test_source");
    }

    @Test
    void theJobsArgumentAndInputErrorsAreRejectionsEverythingElseIsAFailure() {
        job = spec -> {
            throw new IllegalArgumentException("SMOTE needs at least 2 minority rows, got 1; collect more rows of the class or use the GAN");
        };
        assertRejected(handle(smote(5)), "SMOTE needs at least 2 minority rows");
        job = spec -> {
            throw new InputException("cards.csv", 4, "amount", "value is not finite");
        };
        assertRejected(handle(smote(5)), "cards.csv:4", "value is not finite");

        job = spec -> {
            throw new IllegalStateException("the GAN diverged");
        };
        Outcome failed = handle(smote(5));
        assertThat(failed.status()).isEqualTo(AugmentationStatus.FAILED);
        assertThat(failed.reason()).contains("the smote job failed", "the GAN diverged", "same id to retry");
        assertThat(failed.sourceRows()).isEqualTo(48);
        assertThat(failed.minorityRows()).isEqualTo(8);
        assertThat(failed.records()).isEmpty();

        job = spec -> {
            throw new OutOfMemoryError("Java heap space");
        };
        assertThat(handle(smote(5)).reason()).contains("OutOfMemoryError", "Java heap space");
    }

    @Test
    void anyErrorOfTheJobIsAFailureWithItsReasonNotTheEndOfTheService() {
        for (Error error : List.<Error>of(new Error("boom"), new AssertionError("a bug in the job"),
                new ExceptionInInitializerError("a static initializer failed"), new OutOfMemoryError("Java heap space"))) {
            job = spec -> {
                throw error;
            };
            Outcome o = handle(smote(5));
            assertThat(o.status()).as(error.toString()).isEqualTo(AugmentationStatus.FAILED);
            assertThat(o.reason()).contains("the smote job failed", error.getClass().getSimpleName(), error.getMessage(), "same id to retry");
            assertThat(o.sourceRows()).isEqualTo(48);
        }
    }

    @Test
    void runningOutOfMemoryWhileReadingASourceIsAFailure() {
        RequestHandler h = new RequestHandler(new RequestValidator(limits, FileRoots.of(List.of(dir)), Set.of()), limits,
                new SourceReader((t, max, what) -> {
                    throw new OutOfMemoryError("Java heap space");
                }), topics::contains, job);
        IncomingRequest r = smote(5);
        Outcome o = h.handle(new IncomingRequest("r1", IncomingRequest.Location.topic("cards", null), null, "label", List.of("1"), 5,
                "smote", null, 1L, null, null, r.destination()));
        assertThat(o.status()).isEqualTo(AugmentationStatus.FAILED);
        assertThat(o.reason()).contains("reading the request's data failed", "OutOfMemoryError", "Java heap space");
    }

    @Test
    void aFileOverTheByteLimitIsRejectedBeforeItIsOpened() throws IOException {
        long size = Files.size(source);
        limits = new Limits(1000, 50, Duration.ofSeconds(60), 1000, size);
        assertThat(handle(smote(5)).status()).as("exactly at the limit").isEqualTo(io.ganwatch.avro.AugmentationStatus.OK);
        limits = new Limits(1000, 50, Duration.ofSeconds(60), 1000, size - 1);
        // a ragged last row: a reader that opened the file would report it, the size check comes first
        Files.writeString(source, Files.readString(source) + "1,2\n");
        assertRejected(handle(smote(5)), "has " + (size + 4) + " bytes", "limit of " + (size - 1) + " bytes", "--max-source-bytes");
    }

    @Test
    void aCsvFileOverTheRowLimitIsRejectedWithoutReadingItWhole() throws IOException {
        limits = new Limits(47, 50, Duration.ofSeconds(60));
        // 48 good rows, then a ragged one: a reader that stops at the 48th row never sees it, one that reads the whole file does.
        Files.writeString(source, Files.readString(source) + "1,2\n");
        assertRejected(handle(smote(5)), "has more than 47 rows", "limit of 47 rows", "--max-rows");
    }

    @Test
    void anAvroFileOverTheRowLimitIsRejectedWithoutReadingItWhole() throws IOException {
        limits = new Limits(47, 50, Duration.ofSeconds(60));
        Schema schema = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":["
                + "{\"name\":\"amount\",\"type\":\"double\"},{\"name\":\"label\",\"type\":\"int\"}]}");
        source = dir.resolve("rows.avro");
        try (DataFileWriter<GenericRecord> w = new DataFileWriter<>(new GenericDatumWriter<>(schema))) {
            w.create(schema, source.toFile());
            for (int i = 0; i < 100; i++) {
                GenericRecord g = new GenericData.Record(schema);
                g.put("amount", 1.0 * i);
                g.put("label", i % 5 == 0 ? 1 : 0);
                w.append(g);
                if (i == 59) {
                    w.sync(); // ends the first block: the rows past the limit are all in it
                }
            }
        }
        // Cut the file inside its second block: reading it whole fails there, reading 48 rows does not get there.
        byte[] bytes = Files.readAllBytes(source);
        Files.write(source, java.util.Arrays.copyOf(bytes, bytes.length - 20));
        assertRejected(handle(smote(5)), "has more than 47 rows", "limit of 47 rows");
        limits = new Limits(1000, 50, Duration.ofSeconds(60));
        assertRejected(handle(smote(5)), "truncated"); // the same file under a higher limit is read to its cut
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "weighted"})
    void theBaselinesWriteNothingAndNeedNoCountOrDestination(String method) {
        Outcome o = handle(request(method, null, "label", List.of("1"), null));
        assertThat(o.status()).isEqualTo(AugmentationStatus.OK);
        assertThat(o.records()).isEmpty();
        assertThat(o.destination()).isNull();
        assertThat(o.syntheticRows()).isZero();
        assertThat(o.minorityRows()).isEqualTo(8);
    }

    @Test
    void aCsvDestinationIsWrittenWithAMarkerColumnAndReplacedOnReplay() throws IOException {
        Path out = dir.resolve("synthetic.csv");
        Outcome o = handle(request("smote", 6, "label", List.of("1"), IncomingRequest.Location.file(out.toString(), null)));
        assertThat(o.status()).as(o.reason()).isEqualTo(AugmentationStatus.OK);
        assertThat(o.destination().describe()).isEqualTo("file:" + out.toRealPath());
        assertThat(o.syntheticRows()).isEqualTo(6);
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).isEqualTo("amount,duration,hour,channel,label,synthetic");
        assertThat(lines).hasSize(7);
        assertThat(lines.subList(1, 7)).allMatch(l -> l.endsWith(",web,1,true"));

        handle(request("smote", 3, "label", List.of("1"), IncomingRequest.Location.file(out.toString(), null)));
        assertThat(Files.readAllLines(out)).hasSize(4); // replaced, not appended to
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void aReplayThatEndsRejectedOrFailedSaysTheFileOfAnEarlierAttemptIsStillThere() throws IOException {
        Path out = dir.resolve("synthetic.csv");
        IncomingRequest r = request("smote", 6, "label", List.of("1"), IncomingRequest.Location.file(out.toString(), null));
        Outcome first = handle(r); // written and moved into place; say the service died before its result was committed
        assertThat(first.status()).as(first.reason()).isEqualTo(AugmentationStatus.OK);
        assertThat(out).exists();

        job = spec -> {
            throw new IllegalStateException("the GAN diverged");
        };
        Outcome failed = handle(r);
        assertThat(failed.status()).isEqualTo(AugmentationStatus.FAILED);
        assertThat(failed.reason()).contains("the smote job failed", "nothing was written by this attempt",
                out.toRealPath() + " exists", "delete it");
        assertThat(failed.syntheticRows()).isZero();

        job = Fixtures::copyMinority;
        Files.writeString(source, "amount,label\n1,0\n2\n"); // the source changed meanwhile
        Outcome rejected = handle(r);
        assertThat(rejected.status()).isEqualTo(AugmentationStatus.REJECTED);
        assertThat(rejected.reason()).contains(":3", "nothing was written by this attempt", out.toRealPath() + " exists");

        Files.delete(out);
        Outcome noFile = handle(r);
        assertThat(noFile.status()).isEqualTo(AugmentationStatus.REJECTED);
        assertThat(noFile.reason()).doesNotContain("exists");
    }

    @Test
    void anAvroSourceGivesRecordsInItsOwnSchemaOnATopicAndInAnAvroFile() throws IOException {
        Schema schema = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Payment\",\"namespace\":\"user\",\"fields\":["
                + "{\"name\":\"amount\",\"type\":\"double\"},{\"name\":\"items\",\"type\":\"int\"},"
                + "{\"name\":\"channel\",\"type\":{\"type\":\"enum\",\"name\":\"Channel\",\"symbols\":[\"POS\",\"WEB\"]}},"
                + "{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null},{\"name\":\"fraud\",\"type\":\"boolean\"}]}");
        source = dir.resolve("payments.avro");
        try (DataFileWriter<GenericRecord> w = new DataFileWriter<>(new GenericDatumWriter<>(schema))) {
            w.create(schema, source.toFile());
            for (int i = 0; i < 30; i++) {
                GenericRecord g = new GenericData.Record(schema);
                g.put("amount", 10.0 + i);
                g.put("items", i % 4);
                g.put("channel", new GenericData.EnumSymbol(schema.getField("channel").schema(), i % 5 == 0 ? "WEB" : "POS"));
                g.put("note", i % 2 == 0 ? null : "n" + i);
                g.put("fraud", i % 5 == 0);
                w.append(g);
            }
        }
        Outcome o = handle(request("smote", 4, "fraud", List.of("true"), IncomingRequest.Location.topic("synthetic", null)));
        assertThat(o.status()).as(o.reason()).isEqualTo(AugmentationStatus.OK);
        assertThat(o.minorityRows()).isEqualTo(6);
        BinaryMessageDecoder<GenericRecord> decoder = new BinaryMessageDecoder<>(GenericData.get(), schema);
        List<GenericRecord> decoded = new ArrayList<>();
        for (byte[] v : o.records()) {
            decoded.add(decoder.decode(v));
        }
        assertThat(decoded).hasSize(4).allSatisfy(g -> {
            assertThat(g.get("fraud")).isEqualTo(true);
            assertThat(g.get("channel").toString()).isEqualTo("WEB");
            assertThat(g.get("items")).isInstanceOf(Integer.class);
        });

        Path out = dir.resolve("synthetic.avro");
        handle(request("smote", 4, "fraud", List.of("true"), IncomingRequest.Location.file(out.toString(), null)));
        List<GenericRecord> written = markedAvroRecords(out);
        assertThat(written).hasSize(4).allSatisfy(g -> {
            assertThat(g.getSchema()).isEqualTo(schema);
            assertThat(g.get("fraud")).isEqualTo(true);
        });
    }
}
