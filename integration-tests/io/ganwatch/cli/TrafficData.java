package io.ganwatch.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * Generates a small labelled connection log: normal rows follow protocol-specific relations
 * between duration, bytes and packets; anomalies break them (exfiltration-sized transfers on
 * short sessions, floods of tiny packets, an unusual service for the protocol).
 */
final class TrafficData {
    static final String HEADER = "duration,bytes,packets,protocol,service,label";

    private TrafficData() {
    }

    static Path write(Path file, int normal, int anomalies, long seed) throws IOException {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        int total = normal + anomalies;
        int step = anomalies == 0 ? Integer.MAX_VALUE : total / anomalies; // spread anomalies evenly
        for (int i = 0; i < total; i++) {
            boolean anomaly = i % step == 0 && i / step < anomalies;
            sb.append(anomaly ? anomalyRow(r) : normalRow(r)).append(anomaly ? ",attack" : ",normal").append('\n');
        }
        Files.writeString(file, sb.toString());
        return file;
    }

    private static String normalRow(Random r) {
        boolean tcp = r.nextDouble() < 0.7;
        double duration = tcp ? Math.exp(r.nextGaussian() * 0.5 + 1.0) : Math.exp(r.nextGaussian() * 0.3 - 1.0);
        double packets = Math.max(1, Math.round(duration * (tcp ? 12 : 3) * Math.exp(r.nextGaussian() * 0.2)));
        double bytes = Math.round(packets * (tcp ? 800 : 120) * Math.exp(r.nextGaussian() * 0.2));
        String service = tcp ? (r.nextDouble() < 0.6 ? "http" : "ssh") : "dns";
        return String.format(Locale.ROOT, "%.3f,%.0f,%.0f,%s,%s", duration, bytes, packets, tcp ? "tcp" : "udp", service);
    }

    private static String anomalyRow(Random r) {
        switch (r.nextInt(3)) {
            case 0: // exfiltration: a huge transfer in a short session
                return String.format(Locale.ROOT, "%.3f,%.0f,%.0f,tcp,http", 0.2 + r.nextDouble() * 0.3,
                        5e6 * (1 + r.nextDouble()), 40.0 + r.nextInt(20));
            case 1: // flood: many tiny packets
                return String.format(Locale.ROOT, "%.3f,%.0f,%.0f,udp,dns", 0.3 + r.nextDouble(), 6000.0 + r.nextInt(1000),
                        3000.0 + r.nextInt(2000));
            default: // ssh over udp with dns-like volumes
                return String.format(Locale.ROOT, "%.3f,%.0f,%.0f,udp,ssh", 5 + r.nextDouble() * 5, 200.0 + r.nextInt(100),
                        2.0 + r.nextInt(3));
        }
    }
}
