package io.ganwatch.cli;

import io.ganwatch.input.InputFormat;
import io.ganwatch.input.Inputs;
import io.ganwatch.input.Table;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --input} and {@code --format}, shared by the commands that read a data file. */
public final class InputOptions {
    @Option(names = "--input", required = true, description = "Data file to read.")
    Path input;

    @Option(names = "--format", description = "csv, kdd, npz or avro (default: guessed from the file name).")
    String format;

    /** The format given, or the one guessed from the file name. */
    InputFormat format() {
        return format == null ? InputFormat.guess(input) : InputFormat.parse(format);
    }

    /** Reads the whole file. */
    Table read() {
        return Inputs.read(input, format());
    }
}
