package io.ganwatch.cli;

import picocli.CommandLine.Option;

/** Options every command takes. */
public final class CommonOptions {
    /** Print stack traces for errors. */
    @Option(names = "--verbose", description = "Print the full stack trace of an error.")
    boolean verbose;
}
