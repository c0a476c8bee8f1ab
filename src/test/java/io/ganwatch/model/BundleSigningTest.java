package io.ganwatch.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ganwatch.streams.ConnModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.security.PublicKey;

import static org.assertj.core.api.Assertions.assertThat;

class BundleSigningTest {
    @TempDir
    static Path dir;
    static ModelBundle bundle;
    static Path keyA;
    static Path keyB;
    static Map<String, PublicKey> trustA;

    @BeforeAll
    static void keysAndBundle() {
        bundle = ConnModels.train("conn", 8);
        BundleSigning.generate(dir.resolve("a"));
        BundleSigning.generate(dir.resolve("b"));
        keyA = dir.resolve("a").resolve(BundleSigning.PRIVATE_FILE);
        keyB = dir.resolve("b").resolve(BundleSigning.PRIVATE_FILE);
        trustA = BundleSigning.trustedKeys(dir.resolve("a"));
    }

    @Test
    void aSignedBundleVerifiesAfterASaveAndLoadAndKeepsItsContentHash() {
        ModelBundle signed = BundleSigning.sign(bundle, keyA);
        assertThat(signed.contentSha256()).as("signing does not change what the bundle verifies as").isEqualTo(bundle.contentSha256());
        Path saved = dir.resolve("saved");
        signed.save(saved);
        assertThat(BundleSigning.verify(ModelBundle.load(saved), trustA)).isEqualTo(BundleSigning.Verdict.TRUSTED);
    }

    @Test
    void unsignedOtherKeyAndTransplantedSignaturesAreToldApart() throws Exception {
        assertThat(BundleSigning.verify(bundle, trustA)).isEqualTo(BundleSigning.Verdict.UNSIGNED);
        assertThat(BundleSigning.verify(BundleSigning.sign(bundle, keyB), trustA)).isEqualTo(BundleSigning.Verdict.UNKNOWN_KEY);

        // A's signature moved onto a bundle with another threshold (properly re-hashed): it no longer verifies.
        ModelBundle signed = BundleSigning.sign(bundle, keyA);
        ObjectNode meta = (ObjectNode) ModelBundle.json().readTree(signed.metadataJson());
        ((ObjectNode) meta.get("threshold")).put("value", 0.0);
        ModelBundle lowered = new ModelBundle(ModelBundle.json().treeToValue(meta, BundleMetadata.class), signed.graph());
        assertThat(lowered.metadata().signature()).isEqualTo(signed.metadata().signature());
        assertThat(BundleSigning.verify(lowered, trustA)).isEqualTo(BundleSigning.Verdict.BAD_SIGNATURE);
    }
}
