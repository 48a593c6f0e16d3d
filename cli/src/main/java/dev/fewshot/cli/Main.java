package dev.fewshot.cli;

import dev.fewshot.cli.commands.ClassifyCommand;
import dev.fewshot.cli.commands.DemoCommand;
import dev.fewshot.cli.commands.GenerateCommand;
import dev.fewshot.cli.commands.DownCommand;
import dev.fewshot.cli.commands.PublishFeaturesCommand;
import dev.fewshot.cli.commands.ReportCommand;
import dev.fewshot.cli.commands.ResultsCommand;
import dev.fewshot.cli.commands.EmbedCommand;
import dev.fewshot.cli.commands.EmbedLocalCommand;
import dev.fewshot.cli.commands.EmbedNegativesCommand;
import dev.fewshot.cli.commands.RunCommand;
import dev.fewshot.cli.commands.UpCommand;
import dev.fewshot.cli.commands.StatusCommand;
import dev.fewshot.cli.commands.SweepCommand;
import dev.fewshot.core.InvalidInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code fewshot} command. */
@Command(name = "fewshot", mixinStandardHelpOptions = true, version = "fewshot 0.1.0",
        description = "Few-shot heads on frozen CLIP embeddings, with OOD detection.",
        subcommands = {DemoCommand.class, SweepCommand.class, StatusCommand.class, GenerateCommand.class, PublishFeaturesCommand.class,
                RunCommand.class, EmbedCommand.class, EmbedLocalCommand.class, EmbedNegativesCommand.class, ClassifyCommand.class, UpCommand.class, DownCommand.class,
                ReportCommand.class, ResultsCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof InvalidInputException || ex instanceof IllegalArgumentException) {
                cmd.getErr().println("error: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
