package io.ganwatch.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * The peer detectors of {@code ../shared/peers/detect_peers.py} (IsolationForest, OC-SVM, LOF, kNN;
 * Debian's python3-sklearn), run in the same benchmark as ganwatch: the script scores its peers on
 * an ADBench archive and writes each seed's exact train/test rows, which ganwatch then trains and
 * evaluates on ({@link Protocol#loadAdbench}).
 */
public final class PeerDetectors {
    /** The Python that has Debian's scikit-learn. */
    static final String PYTHON = "/usr/bin/python3";
    private static final long TIMEOUT_MINUTES = 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path script;

    /**
     * @param script the peers' script
     */
    public PeerDetectors(Path script) {
        this.script = script;
    }

    /**
     * The peers' script beside the data sets ({@code <data-dir>/../peers/detect_peers.py}), when it
     * and a Python with scikit-learn are there; otherwise {@code null} and {@code why} says what is missing.
     */
    public static PeerDetectors beside(Path dataDir, StringBuilder why) {
        Path script = dataDir.toAbsolutePath().normalize().resolveSibling("peers").resolve("detect_peers.py");
        return find(script, why);
    }

    /** The given script, when it and a Python with scikit-learn are there; otherwise {@code null} and {@code why} says why. */
    public static PeerDetectors find(Path script, StringBuilder why) {
        if (!Files.isRegularFile(script)) {
            why.append("no peers' script at ").append(script).append(" (give one with --peers FILE)");
            return null;
        }
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import sklearn").redirectErrorStream(true).start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                why.append(PYTHON).append(" has no scikit-learn (apt-get install -y python3-sklearn)");
                return null;
            }
        } catch (IOException e) {
            why.append("cannot run ").append(PYTHON).append(": ").append(e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            why.append("interrupted");
            return null;
        }
        return new PeerDetectors(script);
    }

    /**
     * Runs the peers on one archive for seeds 1..{@code seeds}, writing the splits under {@code splits}.
     *
     * @return the script's result for the archive
     * @throws PeerException when the script fails or prints no result
     */
    public Result run(Path npz, int seeds, Path splits) {
        String seedList = LongStream.rangeClosed(1, seeds).mapToObj(Long::toString).collect(Collectors.joining(","));
        List<String> cmd = List.of(PYTHON, script.toString(), "--seeds", seedList, "--write-splits", splits.toString(), npz.toString());
        try {
            Path out = Files.createTempFile("ganwatch-peers", ".out");
            try {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
                if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new PeerException("the peers' script ran past " + TIMEOUT_MINUTES + " minutes on " + npz);
                }
                List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
                if (p.exitValue() != 0) {
                    throw new PeerException("the peers' script failed on " + npz + " (exit " + p.exitValue() + "): " + tail(lines));
                }
                for (String line : lines) {
                    if (line.startsWith("{")) {
                        return Result.of(JSON.readTree(line));
                    }
                }
                throw new PeerException("the peers' script printed no result for " + npz + ": " + tail(lines));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run the peers' script " + script + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerException("interrupted while the peers ran on " + npz);
        }
    }

    private static String tail(List<String> lines) {
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    }

    /**
     * One archive's peers: each peer's mean ROC-AUC and PR-AUC over the seeds, and the best.
     *
     * @param perPeer   peer name → {@code [roc_auc, pr_auc]}, in the script's order
     * @param bestPeer  the peer with the highest mean ROC-AUC
     * @param bestRoc   its ROC-AUC
     * @param bestPr    the highest mean PR-AUC of any peer
     */
    public record Result(Map<String, double[]> perPeer, String bestPeer, double bestRoc, double bestPr) {
        static Result of(JsonNode line) {
            Map<String, double[]> per = new LinkedHashMap<>();
            List<String> names = new ArrayList<>();
            line.fieldNames().forEachRemaining(names::add);
            for (String n : names) {
                JsonNode v = line.get(n);
                if (v.isObject() && v.has("roc_auc") && v.has("pr_auc") && !n.equals("best")) {
                    per.put(n, new double[]{v.get("roc_auc").asDouble(), v.get("pr_auc").asDouble()});
                }
            }
            JsonNode best = line.get("best");
            if (best == null || per.isEmpty()) {
                throw new PeerException("the peers' script printed a line without peers: " + line);
            }
            return new Result(per, best.get("peer").asText(), best.get("roc_auc").asDouble(), best.get("pr_auc").asDouble());
        }
    }

    /** The peers could not be run or their output read. */
    public static final class PeerException extends RuntimeException {
        PeerException(String message) {
            super(message);
        }
    }
}
