package io.ganwatch.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A SASL_SSL client listener for a {@link LocalKafka} broker: TLS with the given key store, and
 * SCRAM-SHA-512 logins for the given users, so that tests can run the CLI against a broker secured
 * the way production clusters are.
 *
 * <p>Only the client listener is secured. The controller and a second, loopback-only PLAINTEXT
 * listener (used by {@link LocalKafka#newAdmin()} and its readiness probe) stay plain, because KRaft
 * needs the controller up before any SCRAM credential can be checked, and the harness needs a way in
 * that does not depend on the security it is testing.
 *
 * @param keyStore         PKCS12 key store with the broker's certificate and private key
 * @param keyStorePassword its password (also used for the key)
 * @param scramUsers       SCRAM-SHA-512 users, name to password; written into the storage at format time
 */
public record LocalKafkaSecurity(Path keyStore, String keyStorePassword, Map<String, String> scramUsers) {
    /** The one SASL mechanism the listener offers. */
    public static final String MECHANISM = "SCRAM-SHA-512";

    // The format tool parses name=...,password=... inside [...]; these characters would break that syntax.
    private static final Pattern PLAIN = Pattern.compile("[^\\s,=\\[\\]\"']+");

    /** Validates and copies. */
    public LocalKafkaSecurity {
        if (keyStore == null || !Files.isRegularFile(keyStore)) {
            throw new IllegalArgumentException("the broker key store " + keyStore + " is not a file; make one with keytool");
        }
        keyStore = keyStore.toAbsolutePath().normalize();
        if (keyStorePassword == null || keyStorePassword.isEmpty()) {
            throw new IllegalArgumentException("the broker key store needs its password");
        }
        scramUsers = Map.copyOf(scramUsers == null ? Map.of() : scramUsers);
        if (scramUsers.isEmpty()) {
            throw new IllegalArgumentException("a SASL_SSL broker needs at least one SCRAM user, or no client can log in");
        }
        scramUsers.forEach((name, password) -> {
            if (!PLAIN.matcher(name).matches() || !PLAIN.matcher(password).matches()) {
                throw new IllegalArgumentException("SCRAM user '" + name + "': names and passwords may not contain blanks, "
                        + "quotes, commas, '=' or brackets");
            }
        });
    }

    @Override
    public String toString() {
        return "LocalKafkaSecurity[keyStore=" + keyStore + ", keyStorePassword=" + KafkaSecrets.HIDDEN + ", scramUsers="
                + scramUsers.keySet() + "]";
    }
}
