package io.ganwatch.augment.gan;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.ganwatch.input.Table;
import io.ganwatch.scoring.Device;
import io.ganwatch.scoring.OrtSessions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;

/**
 * A trained generator run with ONNX Runtime (CUDA when asked for and available, else the CPU).
 * Generation feeds Gaussian noise and a condition vector that asks for one value of the condition
 * column, then decodes the graph's activated output with the {@link TabularTransformer}.
 */
public final class OnnxCtganModel implements CtganModel {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxCtganModel.class);
    /**
     * Rows per ONNX Runtime call: large enough to amortise the call, small enough for the CPU's caches. On two cores
     * raw ONNX Runtime ran this generator 10-15 % faster in chunks of 2,048 than of 8,192, and generation 14 % faster
     * (BENCHMARKS.md, "ONNX Runtime on one chunk while the last is decoded"); 1,024 was slower again. Public so that
     * benchmarks run raw ONNX Runtime in calls of the same size.
     */
    public static final int CHUNK = 2048;
    /**
     * Parts of a chunk whose noise and decoding run in parallel between ONNX Runtime calls. Fixed
     * (not the core count) so that a seed gives the same rows on every machine.
     */
    static final int PARTS = 4;

    private final byte[] onnx;
    private final TabularTransformer transformer;
    private final ConditionSampler conditions;
    private final int embedding;
    private final List<GanEpoch> history;
    private final int trainingRows;
    private final boolean stoppedByTimeBudget;
    private final OrtSession session;
    private final Device device;
    private final byte[] lastWeights;
    private final MinorityFineTune fineTune;

    OnnxCtganModel(byte[] onnx, TabularTransformer transformer, ConditionSampler conditions, int embedding,
                   List<GanEpoch> history, int trainingRows, boolean stoppedByTimeBudget, Device device) {
        this(onnx, transformer, conditions, embedding, history, trainingRows, stoppedByTimeBudget, device, null, null);
    }

    /**
     * A model of the averaged generator ({@code onnx}) that also keeps its last weights' graph
     * ({@code lastWeights}, or {@code null}), for {@link #lastWeights()}, and was fine-tuned as {@code fineTune}
     * says (or {@code null}: not).
     */
    OnnxCtganModel(byte[] onnx, TabularTransformer transformer, ConditionSampler conditions, int embedding,
                   List<GanEpoch> history, int trainingRows, boolean stoppedByTimeBudget, Device device, byte[] lastWeights,
                   MinorityFineTune fineTune) {
        this.fineTune = fineTune;
        this.lastWeights = lastWeights == null ? null : lastWeights.clone();
        this.stoppedByTimeBudget = stoppedByTimeBudget;
        this.onnx = onnx.clone();
        this.transformer = transformer;
        this.conditions = conditions;
        this.embedding = embedding;
        this.history = List.copyOf(history);
        this.trainingRows = trainingRows;
        // Not spinning: between two runs the decoding of the last chunk needs the cores ONNX Runtime's idle threads would
        // spin on. Measured (GenerationBench, 18 rounds each way): median generation 67k -> 71k rows/s on two cores.
        OrtSessions.Opened opened = OrtSessions.open(onnx, device, 0, false);
        this.session = opened.session();
        this.device = opened.device();
    }

    /**
     * The same training's generator with its last weights instead of their moving average, for benchmarks
     * that compare the two on one run; a new model, which the caller closes.
     *
     * @throws IllegalStateException when this model kept no last weights
     */
    public OnnxCtganModel lastWeights() {
        if (lastWeights == null) {
            throw new IllegalStateException("this model keeps only one generator");
        }
        return new OnnxCtganModel(lastWeights, transformer, conditions, embedding, history, trainingRows, stoppedByTimeBudget, device,
                null, fineTune);
    }

    /**
     * Rows generated for one condition value, with the share of rows whose own generated label
     * agreed with the condition (a check on how well the generator learned the condition; the
     * returned rows carry the asked-for value either way).
     *
     * @param values    raw values per row, source column order
     * @param agreement share of rows whose generated condition column equalled the value asked for
     */
    public record Generated(List<Object[]> values, double agreement) {
    }

    /** Generates {@code count} rows conditioned on {@code value} of the condition column. */
    public Generated generate(String value, int count, long seed) {
        return generate(value, count, seed, Sampling.AS_TRAINED);
    }

    /** {@link #generate(String, int, long)} with the noise and the draws as {@code sampling} says. */
    public Generated generate(String value, int count, long seed, Sampling sampling) {
        GanColumn.Discrete cond = transformer.condition();
        int k = cond.categories().indexOf(value);
        if (k < 0) {
            throw new IllegalArgumentException("the GAN never saw '" + value + "' in column '" + cond.name()
                    + "'; ask for one of " + cond.categories());
        }
        SplittableRandom root = new SplittableRandom(seed);
        List<Object[]> out = new ArrayList<>(count);
        int condColumn = transformer.conditionColumn();
        // Noise and output live in direct buffers that ONNX Runtime reads and writes in place (the output as a
        // pinned output); its own result tensors would be copied out before Java could read them. Two of each:
        // while ONNX Runtime runs one chunk on the calling thread, the chunk before is decoded and the next one's
        // noise drawn in the common pool, on the cores ONNX Runtime leaves idle between and inside its operators.
        int chunks = (count + CHUNK - 1) / CHUNK;
        int most = Math.min(CHUNK, count);
        FloatBuffer[] noise = {direct(most * embedding), direct(most * embedding)};
        FloatBuffer[] rows = {direct(most * transformer.width()), direct(most * transformer.width())};
        // Every row asks for the same value, so one condition buffer serves every chunk.
        FloatBuffer condition = direct(most * conditions.width());
        condition.put(conditions.fixed(transformer.conditionDiscreteIndex(), k, most));
        ArrayDeque<CompletableFuture<Object[][][]>> decoding = new ArrayDeque<>();
        int agreed = 0;
        // Each chunk's PARTS streams are split off the seed's in chunk order, and each part draws its noise and then
        // decodes from its own stream, so the rows depend on the seed only, not on thread timing.
        SplittableRandom[] streams = split(root);
        if (chunks > 0) {
            drawNoise(noise[0], rowsIn(count, 0), streams, sampling);
        }
        for (int chunk = 0; chunk < chunks; chunk++) {
            int slot = chunk & 1;
            int n = rowsIn(count, chunk);
            if (decoding.size() == 2) {
                agreed += collect(decoding.poll(), value, condColumn, out); // frees the buffer this chunk writes
            }
            SplittableRandom[] next = chunk + 1 < chunks ? split(root) : null;
            int nextRows = next == null ? 0 : rowsIn(count, chunk + 1);
            CompletableFuture<Void> nextNoise = next == null ? null
                    : CompletableFuture.runAsync(() -> drawNoise(noise[1 - slot], nextRows, next, sampling));
            run(noise[slot], condition, rows[slot], n);
            SplittableRandom[] own = streams; // the lambda needs a variable that the loop does not reassign
            decoding.add(CompletableFuture.supplyAsync(() -> decode(rows[slot], n, own, sampling)));
            if (next != null) {
                join(nextNoise);
                streams = next;
            }
        }
        while (!decoding.isEmpty()) {
            agreed += collect(decoding.poll(), value, condColumn, out);
        }
        return new Generated(out, count == 0 ? Double.NaN : (double) agreed / count);
    }

    /** {@link #PARTS} streams split off {@code root}, one per part of a chunk. */
    private static SplittableRandom[] split(SplittableRandom root) {
        SplittableRandom[] streams = new SplittableRandom[PARTS];
        for (int p = 0; p < PARTS; p++) {
            streams[p] = root.split();
        }
        return streams;
    }

    /** Rows in chunk {@code chunk} of {@code count}. */
    private static int rowsIn(int count, int chunk) {
        return Math.min(CHUNK, count - chunk * CHUNK);
    }

    /** Noise for {@code n} rows into {@code buffer}, each part from its own stream, the parts in parallel. */
    private void drawNoise(FloatBuffer buffer, int n, SplittableRandom[] streams, Sampling sampling) {
        IntStream.range(0, PARTS).parallel().forEach(p -> {
            for (int i = part(n, p) * embedding; i < part(n, p + 1) * embedding; i++) {
                buffer.put(i, (float) gaussian(streams[p], sampling));
            }
        });
    }

    /** Runs the generator on {@code n} rows of {@code noise} and {@code condition}, writing into {@code rows}. */
    private void run(FloatBuffer noise, FloatBuffer condition, FloatBuffer rows, int n) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OnnxTensor zt = OnnxTensor.createTensor(env, noise.slice(0, n * embedding), new long[]{n, embedding});
             OnnxTensor ct = OnnxTensor.createTensor(env, condition.slice(0, n * conditions.width()), new long[]{n, conditions.width()});
             OnnxTensor ot = OnnxTensor.createTensor(env, rows.slice(0, n * transformer.width()), new long[]{n, transformer.width()});
             OrtSession.Result r = session.run(Map.of(GeneratorExporter.NOISE, zt, GeneratorExporter.CONDITION, ct),
                     Map.of(GeneratorExporter.OUTPUT, ot))) {
            // The rows are in the buffer, which the tensors only borrowed.
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to run the generator: " + OrtSessions.firstLine(e), e);
        }
    }

    /** The raw values of {@code n} generated rows in {@code rows}, each part decoded from its own stream, in parallel. */
    private Object[][][] decode(FloatBuffer rows, int n, SplittableRandom[] streams, Sampling sampling) {
        Object[][][] decoded = new Object[PARTS][][];
        IntStream.range(0, PARTS).parallel().forEach(p ->
                decoded[p] = transformer.decode(rows, part(n, p), part(n, p + 1), streams[p], sampling.temperature()));
        return decoded;
    }

    /** Adds a decoded chunk's rows to {@code out}, labelled {@code value}; returns how many the generator labelled so itself. */
    private static int collect(CompletableFuture<Object[][][]> chunk, String value, int condColumn, List<Object[]> out) {
        int agreed = 0;
        for (Object[][] part : join(chunk)) {
            for (Object[] row : part) {
                if (value.equals(row[condColumn])) {
                    agreed++;
                }
                row[condColumn] = value;
                out.add(row);
            }
        }
        return agreed;
    }

    /** The future's value, with a failure of its task thrown as it was thrown there. */
    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** A standard normal value, restricted to [−truncation, truncation] by rejection when {@code sampling} truncates. */
    private static double gaussian(SplittableRandom random, Sampling sampling) {
        double z = random.nextGaussian();
        while (sampling.truncates() && Math.abs(z) > sampling.truncation()) {
            z = random.nextGaussian();
        }
        return z;
    }

    /** A direct buffer of {@code floats} in the platform's byte order, which ONNX Runtime uses without a copy. */
    private static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(Math.max(1, floats) * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** First row of part {@code p} of {@code n} rows split into {@link #PARTS}. */
    private static int part(int n, int p) {
        return (int) ((long) n * p / PARTS);
    }

    @Override
    public Table sample(Map<String, Integer> rowsPerValue, long seed) {
        return sample(rowsPerValue, seed, Sampling.AS_TRAINED);
    }

    @Override
    public Table sample(Map<String, Integer> rowsPerValue, long seed, Sampling sampling) {
        List<Table.Row> rows = new ArrayList<>();
        long s = seed;
        for (Map.Entry<String, Integer> e : new java.util.TreeMap<>(rowsPerValue).entrySet()) {
            Generated g = generate(e.getKey(), e.getValue(), s++, sampling);
            LOG.info("generated {} rows for {}={}; the generator's own label agreed on {}", e.getValue(),
                    conditionColumn(), e.getKey(), String.format("%.1f%%", 100 * g.agreement()));
            for (Object[] v : g.values()) {
                rows.add(new Table.Row(rows.size() + 1, v));
            }
        }
        return new Table("ctgan", transformer.sourceColumns(), rows);
    }

    @Override
    public String conditionColumn() {
        return transformer.condition().name();
    }

    @Override
    public List<GanEpoch> history() {
        return history;
    }

    @Override
    public int trainingRows() {
        return trainingRows;
    }

    @Override
    public MinorityFineTune fineTune() {
        return fineTune;
    }

    @Override
    public boolean stoppedByTimeBudget() {
        return stoppedByTimeBudget;
    }

    @Override
    public byte[] onnx() {
        return onnx.clone();
    }

    /** The device generation runs on, after any fallback. */
    public Device device() {
        return device;
    }

    /** The transformer that decodes generator output. */
    public TabularTransformer transformer() {
        return transformer;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            LOG.debug("closing the generator session failed", e);
        }
    }
}
