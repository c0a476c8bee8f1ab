package io.ganwatch.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed certificates made at test time with the JDK's own {@code keytool}, so that no key
 * material is checked in and none outlives the test: a PKCS12 key store for a broker on
 * 127.0.0.1/localhost, and the matching client trust store.
 */
public final class TestCertificates {
    private TestCertificates() {
    }

    /**
     * A key store and the trust store that trusts it.
     *
     * @param keyStore   PKCS12 key store with the private key and its self-signed certificate
     * @param trustStore PKCS12 trust store holding only that certificate
     * @param password   the password of both
     */
    public record Pair(Path keyStore, Path trustStore, String password) {
    }

    /**
     * Makes a self-signed RSA certificate for CN=localhost with SANs localhost and 127.0.0.1 (so that
     * hostname verification passes against 127.0.0.1), valid for two days.
     *
     * @param dir      where the files go (created)
     * @param name     file-name stem and alias, e.g. {@code broker}
     * @param password password of both stores
     * @return the stores
     */
    public static Pair selfSigned(Path dir, String name, String password) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path keyStore = dir.resolve(name + ".keystore.p12");
        Path cert = dir.resolve(name + ".crt");
        Path trustStore = dir.resolve(name + ".truststore.p12");
        keytool(dir, "-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-keystore", keyStore.toString(), "-storetype", "PKCS12", "-storepass", password, "-keypass", password);
        keytool(dir, "-exportcert", "-rfc", "-alias", name, "-keystore", keyStore.toString(), "-storepass", password,
                "-file", cert.toString());
        keytool(dir, "-importcert", "-noprompt", "-alias", name, "-file", cert.toString(),
                "-keystore", trustStore.toString(), "-storetype", "PKCS12", "-storepass", password);
        return new Pair(keyStore, trustStore, password);
    }

    private static void keytool(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile(dir, "keytool", ".log");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("keytool " + args[0] + " did not finish in 60 s");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("keytool " + args[0] + " failed: " + Files.readString(log, StandardCharsets.UTF_8));
        }
    }
}
