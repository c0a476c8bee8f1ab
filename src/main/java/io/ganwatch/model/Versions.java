package io.ganwatch.model;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** Library versions this build was made with (filtered from the pom at build time), for provenance. */
public final class Versions {
    private static final Map<String, String> VERSIONS = load();

    private Versions() {
    }

    /** ganwatch's own version. */
    public static String ganwatch() {
        return VERSIONS.getOrDefault("ganwatch", "unknown");
    }

    /** All recorded versions, plus the Java runtime. */
    public static Map<String, String> all() {
        return VERSIONS;
    }

    private static Map<String, String> load() {
        Properties p = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("/ganwatch-versions.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // Provenance is best effort; a missing resource only blanks the versions.
        }
        Map<String, String> m = new TreeMap<>();
        p.forEach((k, v) -> m.put(k.toString(), v.toString()));
        m.put("java", System.getProperty("java.version"));
        return Map.copyOf(m);
    }
}
