package io.ganwatch.cli;

import io.ganwatch.model.BundleSigning;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code keygen}: an Ed25519 key pair for signing model bundles. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = {"Write an Ed25519 key pair for signing model bundles: " + BundleSigning.PRIVATE_FILE + " (keep it",
                "secret; for `publish-model --signing-key` and `train --signing-key`) and " + BundleSigning.PUBLIC_FILE,
                "(copy it into the --trusted-keys directory of every stream instance).",
                "Example: ganwatch keygen --out keys/publisher-1"})
final class KeygenCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "Directory to write the key pair to (created; must not hold one).")
    Path out;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        String id = BundleSigning.generate(out);
        System.out.printf("key %s written to %s (%s, %s)%n", id, out, BundleSigning.PRIVATE_FILE, BundleSigning.PUBLIC_FILE);
        return 0;
    }
}
