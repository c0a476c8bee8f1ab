package io.ganwatch.streams;

import io.ganwatch.input.InputException;
import io.ganwatch.input.RowSource;
import io.ganwatch.input.RowVisitor;
import io.ganwatch.model.Provenance;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.InvalidOffsetException;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A bounded snapshot of a topic as training rows: each partition read read_committed from its first
 * offset up to the end offset taken when the snapshot was opened, so that records produced later are
 * never read and the snapshot ends while producers keep writing.
 *
 * <p><b>Read twice, not held.</b> Training streams its rows twice (feature specification, then
 * encoding). The second pass re-reads exactly the offset ranges of the first: below the end offsets
 * taken at start the log does not change (read_committed below the last stable offset sees decided
 * transactions only), so the same ranges give the same records, and memory holds neither raw records
 * nor a spill file. Only retention or compaction can remove records between the passes; the second
 * pass then sees other counts, or its start offset is gone, and the run stops with a one-line error
 * rather than training on a different snapshot. Partitions are read one at a time, in a fixed order,
 * so both passes (and a rerun on the same snapshot) see the rows in the same order.
 *
 * <p><b>{@code --max-records N}.</b> The first pass reads at most N records, shared evenly between the
 * partitions from their beginnings (a partition with fewer gives its share to the others); where each
 * partition stopped becomes its range for the second pass.
 *
 * <p><b>Columns and values.</b> Records are decoded as the stream decodes them ({@link RecordDecoder}),
 * the first decodable record's fields are the columns, and each record's values are taken as the
 * stream's {@link FieldExtractor} takes them. Records the stream could not score are left out and
 * counted by reason (the dead letters: undecodable bytes, an unknown Avro schema, a missing field, a
 * nested or non-finite value), never fatal. Records whose alert was confirmed as a true positive
 * ({@link ConfirmedAlerts}) are left out before decoding.
 *
 * <p>Rows are numbered from 1 in reading order; that number is the "line" of error messages.
 */
public final class TopicRowSource implements RowSource {
    private final TopicSnapshotSettings settings;
    private final RecordDecoder decoder;
    private final ConfirmedAlerts confirmed;
    private final JudgedAlerts.Snapshot judged;
    /** In reading order; the first pass may shorten them (--max-records). */
    private final List<Range> ranges;
    private List<String> columns;
    private FieldExtractor extractor;
    private Tally firstPass;

    private TopicRowSource(TopicSnapshotSettings settings, ConfirmedAlerts confirmed, JudgedAlerts.Snapshot judged,
                           List<Range> ranges) {
        this.settings = settings;
        this.decoder = RecordDecoder.of(settings.format(), SchemaCatalog.of(settings.schemaFiles()));
        this.confirmed = confirmed;
        this.judged = judged;
        this.ranges = ranges;
    }

    /**
     * Takes the snapshot's end offsets now, and reads the alerts and verdicts when asked to.
     *
     * @throws InputException for an unreachable cluster, an unknown or empty topic, or alerts that cannot be read
     */
    public static TopicRowSource open(TopicSnapshotSettings settings) {
        String topic = settings.topic();
        List<Range> ranges = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(settings)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, settings.timeout());
            if (infos == null || infos.isEmpty()) {
                throw new InputException(topic, 0, null, "no such topic on " + bootstrap(settings)
                        + "; check --input-topic (the stream's ganwatch.input.topic) and --bootstrap-servers");
            }
            List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition()))
                    .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
            consumer.assign(partitions); // asked about unassigned partitions, the client warns once per partition
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, settings.timeout());
            // read_committed: the last stable offset, so an open transaction's records are not in the snapshot.
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, settings.timeout());
            for (TopicPartition tp : partitions) {
                ranges.add(new Range(tp.partition(), begin.get(tp), Math.max(begin.get(tp), end.get(tp))));
            }
        } catch (TimeoutException e) {
            throw unreachable(settings, e);
        } catch (KafkaException e) {
            throw new InputException(topic, 0, null, "cannot read the topic's offsets: " + oneLine(e)
                    + "; check --bootstrap-servers and the client settings (--config, --set)", e);
        }
        if (ranges.stream().allMatch(r -> r.to == r.from)) {
            throw new InputException(topic, 0, null, "is empty: its " + ranges.size() + " partition(s) hold no committed"
                    + " record up to the end offsets at start; produce records to it first, or check --input-topic");
        }
        if (settings.maxRecords() != TopicSnapshotSettings.ALL_RECORDS) {
            // Shortest first, so that what a short partition cannot give goes to the longer ones.
            ranges.sort(Comparator.comparingLong((Range r) -> r.to - r.from).thenComparingInt(r -> r.partition));
        }
        ConfirmedAlerts confirmed = ConfirmedAlerts.NONE;
        JudgedAlerts.Snapshot judged = null;
        if (settings.readsFeedback()) {
            Properties client = new Properties();
            client.putAll(settings.client());
            try {
                judged = JudgedAlerts.readAll(client, settings.alertsTopic(), settings.feedbackTopic(), settings.format());
            } catch (KafkaException e) {
                throw new InputException(settings.alertsTopic(), 0, null, "cannot read the alerts and verdicts: " + oneLine(e)
                        + "; check --alerts-topic, --feedback-topic and the client settings", e);
            }
            confirmed = ConfirmedAlerts.of(judged.alerts());
        }
        return new TopicRowSource(settings, confirmed, judged, ranges);
    }

    @Override
    public String name() {
        return settings.topic();
    }

    /** The alerts and verdicts read, or {@code null} without {@code --feedback-topic}. */
    public JudgedAlerts.Snapshot judged() {
        return judged;
    }

    /** Records in the snapshot's offset ranges as planned at start (before {@code --max-records}), at most. */
    public long offsetsPlanned() {
        return ranges.stream().mapToLong(r -> r.to - r.from).sum();
    }

    @Override
    public void forEach(RowVisitor visitor) {
        boolean first = firstPass == null;
        Tally tally = new Tally();
        long remaining = first ? settings.maxRecords() : TopicSnapshotSettings.ALL_RECORDS;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(settings)) {
            for (int i = 0; i < ranges.size(); i++) {
                Range range = ranges.get(i);
                long quota = remaining == TopicSnapshotSettings.ALL_RECORDS ? Long.MAX_VALUE
                        : ceilDiv(remaining, ranges.size() - i);
                long read = read(consumer, range, quota, first, tally, visitor);
                if (remaining != TopicSnapshotSettings.ALL_RECORDS) {
                    remaining -= read;
                }
                if (!first && read != range.records) {
                    throw changed(range.partition + ": " + range.records + " records, then " + read);
                }
            }
        } catch (TimeoutException e) {
            throw unreachable(settings, e);
        } catch (InvalidOffsetException e) { // the consumer's, with auto.offset.reset=none: the offset is gone
            throw new InputException(settings.topic(), 0, null, "records of the snapshot were deleted while reading it"
                    + " (retention): " + oneLine(e) + "; train again, or give the topic a retention longer than a training run", e);
        } catch (KafkaException e) {
            throw new InputException(settings.topic(), 0, null, "cannot read the topic: " + oneLine(e)
                    + "; check --bootstrap-servers and the client settings (--config, --set)", e);
        }
        if (first) {
            firstPass = tally;
            if (tally.kept == 0) {
                throw new InputException(settings.topic(), 0, null, "the snapshot holds no record to train on: "
                        + describe(tally) + "; check --format (the stream's ganwatch.format) and --input-topic");
            }
        } else if (!tally.equals(firstPass)) {
            throw changed("the first pass had " + describe(firstPass) + ", the second " + describe(tally));
        }
    }

    /** Reads one range; returns the records read. The first pass fixes the range's end and record count. */
    private long read(KafkaConsumer<byte[], byte[]> consumer, Range range, long quota, boolean first, Tally tally,
                      RowVisitor visitor) {
        TopicPartition tp = new TopicPartition(settings.topic(), range.partition);
        consumer.assign(List.of(tp));
        consumer.seek(tp, range.from);
        long read = 0;
        long last = -1;
        long position = range.from;
        long stalledSince = System.nanoTime();
        while (position < range.to && read < quota) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.offset() >= range.to || read >= quota) {
                    break;
                }
                read++;
                last = r.offset();
                tally.read++;
                take(r, tally, visitor);
            }
            long now = consumer.position(tp, settings.timeout());
            if (now != position) {
                position = now;
                stalledSince = System.nanoTime();
            } else if (System.nanoTime() - stalledSince > settings.timeout().toNanos()) {
                throw new InputException(settings.topic(), 0, null, "partition " + range.partition + " made no progress"
                        + " at offset " + position + " for " + settings.timeout().toSeconds() + " s (the snapshot ends at "
                        + range.to + "); check that the cluster is reachable, or raise --kafka-timeout");
            }
        }
        if (first) {
            if (read >= quota) {
                range.to = last >= 0 ? last + 1 : range.from; // its share is spent: the range ends where reading stopped
            }
            range.records = read;
        }
        return read;
    }

    private void take(ConsumerRecord<byte[], byte[]> r, Tally tally, RowVisitor visitor) {
        boolean alerted = confirmed.alerted(r.topic(), r.partition(), r.offset());
        if (alerted) {
            tally.alerted++;
        }
        if (confirmed.confirmed(r.topic(), r.partition(), r.offset())) {
            tally.confirmed++;
            return;
        }
        Object[] values;
        try {
            DecodedRecord record = decoder.decode(r.value());
            if (columns == null) {
                columns = List.copyOf(record.fields());
                extractor = new FieldExtractor(columns);
            }
            values = extractor.extract(record);
            for (int i = 0; i < values.length; i++) {
                if (values[i] instanceof Number n && !Double.isFinite(n.doubleValue())) {
                    throw new RejectedRecordException(RejectReason.NOT_FINITE, "field '" + columns.get(i) + "' is not finite");
                }
            }
        } catch (RejectedRecordException e) {
            tally.deadLetters.merge(e.reason().code(), 1L, Long::sum);
            return;
        }
        if (tally.kept == 0) {
            visitor.columns(settings.topic(), columns);
        }
        tally.kept++;
        if (alerted) {
            tally.unconfirmedKept++;
        }
        visitor.row(tally.kept, values);
    }

    /**
     * The snapshot as provenance records it: the ranges read and what was left out, as counted by the
     * first pass (the second one saw the same, or the run stopped).
     *
     * @throws IllegalStateException before the first pass
     */
    public Provenance.TopicSnapshot provenance() {
        if (firstPass == null) {
            throw new IllegalStateException("the snapshot has not been read yet");
        }
        List<Provenance.OffsetRange> out = ranges.stream().sorted(Comparator.comparingInt(r -> r.partition))
                .map(r -> new Provenance.OffsetRange(r.partition, r.from, r.to, r.records)).toList();
        return new Provenance.TopicSnapshot(settings.topic(), settings.format().code(), out, firstPass.read, firstPass.kept,
                firstPass.confirmed, firstPass.deadLetters, settings.alertsTopic(), settings.feedbackTopic(), firstPass.alerted,
                firstPass.unconfirmedKept, settings.maxRecords() == TopicSnapshotSettings.ALL_RECORDS ? null : settings.maxRecords());
    }

    private InputException changed(String what) {
        return new InputException(settings.topic(), 0, null, "changed between the two passes (" + what + "), so retention or"
                + " compaction removed records while training; train again, or on a topic whose retention keeps the snapshot");
    }

    private static String describe(Tally t) {
        return t.read + " records read, " + t.kept + " kept, " + t.confirmed + " confirmed true positives left out, "
                + t.deadLetters.values().stream().mapToLong(Long::longValue).sum() + " dead letters left out"
                + (t.deadLetters.isEmpty() ? "" : " " + t.deadLetters);
    }

    private static InputException unreachable(TopicSnapshotSettings settings, TimeoutException e) {
        return new InputException(settings.topic(), 0, null, "cannot reach the Kafka cluster at " + bootstrap(settings)
                + " within " + settings.timeout().toSeconds() + " s (" + oneLine(e) + "); check --bootstrap-servers and that"
                + " the cluster is up, or raise --kafka-timeout", e);
    }

    private static String bootstrap(TopicSnapshotSettings settings) {
        return settings.client().get("bootstrap.servers");
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(TopicSnapshotSettings settings) {
        Properties p = new Properties();
        p.putAll(settings.client());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // A missing offset is records deleted under the snapshot: an error, never a silent jump.
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        // Asking about an unknown topic must not create it.
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        p.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "ganwatch-train");
        p.remove(ConsumerConfig.GROUP_ID_CONFIG); // assigned partitions, no group: nothing is committed anywhere
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis()));
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** One partition's offsets: [from, to), and the records the first pass read there. */
    private static final class Range {
        final int partition;
        final long from;
        long to;
        long records;

        Range(int partition, long from, long to) {
            this.partition = partition;
            this.from = from;
            this.to = to;
        }
    }

    /** What one pass read, kept and left out; two passes over the same snapshot give equal tallies. */
    private static final class Tally {
        long read;
        long kept;
        long confirmed;
        long alerted;
        long unconfirmedKept;
        final Map<String, Long> deadLetters = new TreeMap<>();

        @Override
        public boolean equals(Object o) {
            return o instanceof Tally t && read == t.read && kept == t.kept && confirmed == t.confirmed && alerted == t.alerted
                    && unconfirmedKept == t.unconfirmedKept && deadLetters.equals(t.deadLetters);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(read * 31 + kept);
        }
    }
}
