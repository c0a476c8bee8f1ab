package io.ganwatch.cli;

import io.ganwatch.model.Versions;
import picocli.CommandLine;

/** Prints ganwatch's version and the library versions it was built with. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return Versions.all().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toArray(String[]::new);
    }
}
