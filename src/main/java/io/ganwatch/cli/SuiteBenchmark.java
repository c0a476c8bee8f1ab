package io.ganwatch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ganwatch.benchmark.BenchmarkRunner;
import io.ganwatch.benchmark.PeerDetectors;
import io.ganwatch.benchmark.Protocol;
import io.ganwatch.evaluation.Metrics;
import io.ganwatch.evaluation.Summary;
import io.ganwatch.model.ModelBundle;
import io.ganwatch.report.SuiteReport;
import io.ganwatch.scoring.Device;
import org.apache.commons.io.FileUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code benchmark --dataset adbench} (or one archive by its stem): each ADBench set under its
 * protocol, ganwatch beside the peers of {@code detect_peers.py} on the very same rows, then one
 * table, a row per set, and the suite's standing (sets ahead, mean gap to the best peer).
 */
final class SuiteBenchmark {
    private final int seeds;
    private final TrainingOptions training;
    private final Device device;
    private final Path json;
    private final Path report;

    SuiteBenchmark(int seeds, TrainingOptions training, Device device, Path json, Path report) {
        this.seeds = seeds;
        this.training = training;
        this.device = device;
        this.json = json;
        this.report = report;
    }

    /**
     * One set's outcome: ganwatch's means and standard deviations (NaN with one seed), the peers
     * (or {@code null}), or why ganwatch could not run on it.
     */
    record SetResult(String name, double roc, double rocSd, double pr, double prSd, PeerDetectors.Result peers, String failure) {
        boolean aheadRoc() {
            return peers != null && failure == null && roc >= peers.bestRoc();
        }

        boolean aheadPr() {
            return peers != null && failure == null && pr >= peers.bestPr();
        }
    }

    void run(List<Path> archives, PeerDetectors peers, Path splits) {
        Path temp = null;
        try {
            Path splitDir = splits;
            if (peers != null && splitDir == null) {
                temp = Files.createTempDirectory("ganwatch-splits");
                splitDir = temp;
            }
            List<SetResult> results = new ArrayList<>();
            for (Path npz : archives) {
                results.add(runSet(npz, peers, splitDir));
            }
            print(results);
            if (json != null) {
                writeJson(results);
            }
            if (report != null) {
                writeReport(results, peers != null);
                System.out.println("report written to " + report);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for the peers' splits: " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                FileUtils.deleteQuietly(temp.toFile());
            }
        }
    }

    private SetResult runSet(Path npz, PeerDetectors peers, Path splitDir) {
        String name = Protocol.stem(npz);
        PeerDetectors.Result peer = null;
        if (peers != null) {
            System.out.println(name + ": running the peers (IsolationForest, OC-SVM, LOF, kNN) and writing their splits");
            peer = peers.run(npz, seeds, splitDir);
            StringBuilder line = new StringBuilder(name + " peers:");
            peer.perPeer().forEach((p, v) -> line.append(String.format(Locale.ROOT, "  %s ROC-AUC %.4f PR-AUC %.4f", p, v[0], v[1])));
            System.out.println(line);
        }
        try {
            Protocol.Loaded data = Protocol.loadAdbench(npz, splitDir);
            List<Metrics> metrics = new ArrayList<>();
            for (long seed = 1; seed <= seeds; seed++) {
                metrics.add(BenchmarkCommand.runSeed(data, seed, training, device).metrics());
            }
            Metrics mean = Summary.mean(metrics);
            Map<String, Double> sd = Summary.std(metrics);
            SetResult r = new SetResult(name, mean.rocAuc(), sd.get("roc_auc"), mean.prAuc(), sd.get("pr_auc"), peer, null);
            System.out.println(line(r));
            return r;
        } catch (RuntimeException e) { // one set ganwatch cannot train on must not hide the others
            SetResult r = new SetResult(name, Double.NaN, Double.NaN, Double.NaN, Double.NaN, peer, e.getMessage());
            System.out.println(name + ": ganwatch failed: " + e.getMessage());
            return r;
        }
    }

    private String line(SetResult r) {
        String g = String.format(Locale.ROOT, "%s ganwatch (%d seeds): ROC-AUC %.4f ± %.4f  PR-AUC %.4f ± %.4f", r.name(), seeds,
                r.roc(), r.rocSd(), r.pr(), r.prSd());
        if (r.peers() == null) {
            return g;
        }
        return g + String.format(Locale.ROOT, "   best peer %s ROC-AUC %.4f (gap %+.4f), best PR-AUC %.4f (gap %+.4f)",
                r.peers().bestPeer(), r.peers().bestRoc(), r.roc() - r.peers().bestRoc(), r.peers().bestPr(), r.pr() - r.peers().bestPr());
    }

    private void print(List<SetResult> results) {
        System.out.println();
        System.out.printf(Locale.ROOT, "%-20s %-17s %-17s %-9s %-9s %-9s %-9s%n", "set", "ROC-AUC", "PR-AUC", "best peer", "peer ROC",
                "peer PR", "ROC gap");
        for (SetResult r : results) {
            if (r.failure() != null) {
                System.out.printf(Locale.ROOT, "%-20s failed: %s%n", r.name(), r.failure());
                continue;
            }
            System.out.printf(Locale.ROOT, "%-20s %.4f ± %.4f   %.4f ± %.4f   %-9s %-9s %-9s %s%n", r.name(), r.roc(), r.rocSd(), r.pr(),
                    r.prSd(), r.peers() == null ? "-" : r.peers().bestPeer(), peerValue(r, r.peers() == null ? 0 : r.peers().bestRoc()),
                    peerValue(r, r.peers() == null ? 0 : r.peers().bestPr()),
                    r.peers() == null ? "-" : String.format(Locale.ROOT, "%+.4f", r.roc() - r.peers().bestRoc()));
        }
        List<SetResult> compared = results.stream().filter(r -> r.peers() != null && r.failure() == null).toList();
        if (!compared.isEmpty()) {
            System.out.printf(Locale.ROOT, "suite: ROC-AUC ahead of the best peer on %d of %d sets, PR-AUC on %d; mean ROC-AUC gap %+.4f%n",
                    compared.stream().filter(SetResult::aheadRoc).count(), results.size(),
                    compared.stream().filter(SetResult::aheadPr).count(), meanGap(compared));
        }
    }

    private static String peerValue(SetResult r, double v) {
        return r.peers() == null ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static double meanGap(List<SetResult> compared) {
        return compared.stream().mapToDouble(r -> r.roc() - r.peers().bestRoc()).average().orElse(Double.NaN);
    }

    private void writeReport(List<SetResult> results, boolean withPeers) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("sets", String.valueOf(results.size()));
        facts.put("seeds", String.valueOf(seeds));
        facts.put("rows", withPeers ? "the peers' own train/test splits, seed by seed" : "ganwatch's protocol (no peers ran)");
        List<SuiteReport.Row> rows = results.stream().map(r -> new SuiteReport.Row(r.name(), r.roc(), r.pr(),
                r.peers() == null ? Map.of() : r.peers().perPeer(), r.failure())).toList();
        SuiteReport.write(report, "ganwatch on the ADBench suite, beside the peers", facts, rows);
    }

    private void writeJson(List<SetResult> results) {
        ObjectMapper mapper = ModelBundle.json();
        ObjectNode root = mapper.createObjectNode();
        root.put("seeds", seeds);
        ArrayNode sets = root.putArray("sets");
        for (SetResult r : results) {
            ObjectNode n = sets.addObject();
            n.put("dataset", r.name());
            if (r.failure() != null) {
                n.put("failure", r.failure());
            } else {
                n.put("roc_auc", r.roc());
                n.put("pr_auc", r.pr());
                if (seeds > 1) { // a standard deviation of one run is undefined, and NaN is not valid JSON
                    n.put("roc_auc_std", r.rocSd());
                    n.put("pr_auc_std", r.prSd());
                }
            }
            if (r.peers() != null) {
                ObjectNode p = n.putObject("peers");
                r.peers().perPeer().forEach((name, v) -> p.putObject(name).put("roc_auc", v[0]).put("pr_auc", v[1]));
                n.put("best_peer", r.peers().bestPeer());
                n.put("best_peer_roc_auc", r.peers().bestRoc());
                n.put("best_peer_pr_auc", r.peers().bestPr());
                if (r.failure() == null) {
                    n.put("roc_auc_gap", r.roc() - r.peers().bestRoc());
                    n.put("pr_auc_gap", r.pr() - r.peers().bestPr());
                }
            }
        }
        List<SetResult> compared = results.stream().filter(r -> r.peers() != null && r.failure() == null).toList();
        if (!compared.isEmpty()) {
            root.put("sets_ahead_roc_auc", compared.stream().filter(SetResult::aheadRoc).count());
            root.put("sets_ahead_pr_auc", compared.stream().filter(SetResult::aheadPr).count());
            root.put("mean_roc_auc_gap", meanGap(compared));
        }
        try {
            mapper.writeValue(json.toFile(), root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + json + ": " + e.getMessage(), e);
        }
    }
}
