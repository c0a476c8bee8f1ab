package io.ganwatch.cli;

import io.ganwatch.input.InputException;
import io.ganwatch.model.BundleException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * {@code java -jar ganwatch.jar <command>}: the command-line entry point.
 *
 * <p>Every user error (bad arguments, unreadable or malformed files, a corrupt model) ends as ONE
 * line on stderr naming the problem and what to do, with exit code 2; the stack trace is printed
 * only with {@code --verbose}.
 */
@Command(name = "ganwatch", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "GAN-based anomaly detection for tabular and streaming data.",
        subcommands = {DemoCommand.class, TrainCommand.class, ScoreCommand.class, EvaluateCommand.class, BenchmarkCommand.class, StreamCommand.class, StreamBenchmarkCommand.class, PublishModelCommand.class, PromoteCommand.class, DemoteCommand.class, KeygenCommand.class, FeedbackCommand.class, RecalibrateCommand.class,
                AugmentCommand.class, AugmentServiceCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Exit code for user errors (bad input, bad arguments). */
    public static final int USAGE_ERROR = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs the CLI and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit code (used by tests). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(Main::handle);
        cli.setParameterExceptionHandler(Main::handleParameters);
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    private static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        boolean verbose = parsed.subcommand() != null && parsed.subcommand().hasMatchedOption("--verbose");
        if (isUserError(e)) {
            err.println("ganwatch " + cmd.getCommandName() + ": error: " + e.getMessage());
            if (verbose) {
                e.printStackTrace(err);
            } else {
                err.println("(run with --verbose for details)");
            }
            err.flush();
            return USAGE_ERROR;
        }
        err.println("ganwatch " + cmd.getCommandName() + ": internal error: " + e);
        e.printStackTrace(err);
        err.flush();
        return 1;
    }

    private static boolean isUserError(Exception e) {
        return e instanceof InputException || e instanceof BundleException || e instanceof IllegalArgumentException
                || e instanceof UncheckedIOException || e instanceof IllegalStateException;
    }

    private static int handleParameters(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        cmd.getErr().println("ganwatch " + cmd.getCommandName() + ": error: " + e.getMessage()
                + " (see `" + cmd.getCommandSpec().qualifiedName() + " --help`)");
        cmd.getErr().flush();
        return USAGE_ERROR;
    }
}
