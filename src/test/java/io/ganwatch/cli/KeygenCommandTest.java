package io.ganwatch.cli;

import io.ganwatch.model.BundleSigning;
import io.ganwatch.model.ModelBundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class KeygenCommandTest {
    @TempDir
    Path dir;

    private Path csv(int rows) throws Exception {
        StringBuilder b = new StringBuilder("amount,country\n");
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < rows; i++) {
            b.append(String.format(Locale.ROOT, "%.2f,%s%n", Math.exp(r.nextGaussian()), i % 3 == 0 ? "NL" : "DE"));
        }
        return Files.writeString(dir.resolve("rows.csv"), b);
    }

    @Test
    void keygenWritesAKeyPairWhosePrivateHalfOnlyItsOwnerReadsAndTrainSignsWithIt() throws Exception {
        Path keys = dir.resolve("keys");
        CapturedRun k = CapturedRun.of("keygen", "--out", keys.toString());
        assertThat(k.exitCode()).as(k.stderr()).isZero();
        String id = BundleSigning.keyId(BundleSigning.publicKeyBeside(keys.resolve(BundleSigning.PRIVATE_FILE)));
        assertThat(k.stdout()).contains("key " + id + " written to");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve(BundleSigning.PRIVATE_FILE))))
                .isEqualTo("rw-------");

        Path out = dir.resolve("model");
        CapturedRun t = CapturedRun.of("train", "--input", csv(200).toString(), "--out", out.toString(), "--epochs", "2",
                "--signing-key", keys.resolve(BundleSigning.PRIVATE_FILE).toString());
        assertThat(t.exitCode()).as(t.stderr()).isZero();
        ModelBundle signed = ModelBundle.load(out);
        assertThat(signed.metadata().signature().keyId()).isEqualTo(id);
        assertThat(BundleSigning.verify(signed, BundleSigning.trustedKeys(keys))).isEqualTo(BundleSigning.Verdict.TRUSTED);
    }

    @Test
    void aSecondKeyIntoTheSameDirectoryAndAMissingKeyFileAreOneLineErrors() throws Exception {
        Path keys = dir.resolve("keys");
        assertThat(CapturedRun.of("keygen", "--out", keys.toString()).exitCode()).isZero();
        CapturedRun again = CapturedRun.of("keygen", "--out", keys.toString());
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.errorLines()).singleElement().asString().contains("already holds a signing key");

        CapturedRun bad = CapturedRun.of("train", "--input", csv(200).toString(), "--out", dir.resolve("m").toString(),
                "--signing-key", dir.resolve("nope.pem").toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.errorLines()).singleElement().asString().contains("cannot read the signing key");
        assertThat(bad.stderr()).doesNotContain("\tat ");
    }
}
