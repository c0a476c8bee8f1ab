package io.ganwatch.registry;

import io.ganwatch.avro.AnomalyAlert;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The registry client over HTTPS with the {@code schema.registry.ssl.*} stores: a JKS trust store
 * and a PKCS12 key store made by the JDK's keytool, for server trust and a client certificate.
 */
class RegistryTlsTest {
    @TempDir
    static Path dir;
    static Path serverP12;
    static Path trustJks;

    @BeforeAll
    static void makeStores() throws Exception {
        serverP12 = dir.resolve("server.p12");
        trustJks = dir.resolve("trust.jks");
        Path cert = dir.resolve("server.crt");
        keytool("-genkeypair", "-alias", "registry", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=127.0.0.1",
                "-ext", "san=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", serverP12.toString(),
                "-storepass", "server-pass", "-keypass", "server-pass");
        keytool("-exportcert", "-alias", "registry", "-keystore", serverP12.toString(), "-storepass", "server-pass",
                "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "registry", "-file", cert.toString(), "-storetype", "JKS",
                "-keystore", trustJks.toString(), "-storepass", "trust-pass");
    }

    private static void keytool(String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    /** The server's side: its key, and trust in the same certificate (the tests' client presents it too). */
    private static SSLContext serverTls() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(serverP12)) {
            ks.load(in, "server-pass".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "server-pass".toCharArray());
        KeyStore ts = KeyStore.getInstance("JKS");
        try (InputStream in = Files.newInputStream(trustJks)) {
            ts.load(in, "trust-pass".toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    private static SchemaRegistryClient client(String url, boolean trust, boolean clientCert) {
        Map<String, String> c = new HashMap<>(Map.of(SchemaRegistrySettings.URL, url));
        if (trust) {
            c.put("schema.registry.ssl.truststore.location", trustJks.toString());
            c.put("schema.registry.ssl.truststore.password", "trust-pass");
            c.put("schema.registry.ssl.truststore.type", "JKS");
        }
        if (clientCert) {
            c.put("schema.registry.ssl.keystore.location", serverP12.toString());
            c.put("schema.registry.ssl.keystore.password", "server-pass");
            c.put("schema.registry.ssl.keystore.type", "PKCS12");
        }
        SchemaRegistrySettings s = SchemaRegistrySettings.from(c).withRetries(Duration.ofSeconds(5), 1, Duration.ZERO);
        assertThat(s.toString()).doesNotContain("trust-pass", "server-pass");
        return new SchemaRegistryClient(s);
    }

    @Test
    void theConfiguredTrustStoreLetsTheClientTrustTheRegistryAndWithoutItTheHandshakeFails() throws Exception {
        try (StandInRegistry registry = new StandInRegistry(null, serverTls(), false)) {
            int id = registry.register("in-value", AnomalyAlert.getClassSchema());
            assertThat(registry.url()).startsWith("https://");
            assertThat(client(registry.url(), true, false).schemaById(id)).isEqualTo(AnomalyAlert.getClassSchema());
            assertThatThrownBy(() -> client(registry.url(), false, false).schemaById(id))
                    .isInstanceOf(SchemaRegistryException.class).hasMessageContaining("SSLHandshakeException");
        }
    }

    @Test
    void aRegistryAskingForAClientCertificateGetsTheOneInTheKeyStore() throws Exception {
        try (StandInRegistry registry = new StandInRegistry(null, serverTls(), true)) {
            int id = registry.register("in-value", AnomalyAlert.getClassSchema());
            assertThat(client(registry.url(), true, true).schemaById(id)).isEqualTo(AnomalyAlert.getClassSchema());
            assertThatThrownBy(() -> client(registry.url(), true, false).schemaById(id)).isInstanceOf(SchemaRegistryException.class);
        }
    }
}
