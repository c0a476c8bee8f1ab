package io.ganwatch.registry;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/** The {@link SSLContext} for the registry's HTTPS address, from the configured JKS or PKCS12 stores. */
final class TlsContexts {
    private TlsContexts() {
    }

    /** The JDK default when no store is configured; otherwise one built from the stores. */
    static SSLContext of(SchemaRegistrySettings s) {
        try {
            if (s.truststore() == null && s.keystore() == null) {
                return SSLContext.getDefault();
            }
            TrustManagerFactory tmf = null;
            if (s.truststore() != null) {
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(load(s.truststore()));
            }
            KeyManagerFactory kmf = null;
            if (s.keystore() != null) {
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                String pw = s.keyPassword() != null ? s.keyPassword() : s.keystore().password();
                kmf.init(load(s.keystore()), pw == null ? new char[0] : pw.toCharArray());
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS for the schema registry (" + e.getMessage()
                    + "); check the schema.registry.ssl.* stores and passwords", e);
        }
    }

    private static KeyStore load(SchemaRegistrySettings.Store store) throws GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance(store.type());
        try (InputStream in = Files.newInputStream(store.location())) {
            ks.load(in, store.password() == null ? null : store.password().toCharArray());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the schema registry TLS store " + store.location() + " ("
                    + e.getMessage() + "); check its schema.registry.ssl.*.password and type", e);
        }
        return ks;
    }
}
