package dev.fewshot.cli.commands;

import dev.fewshot.cli.local.Home;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fewshot down}: stops what {@code fewshot up} started; nothing is left running. */
@Command(name = "down", mixinStandardHelpOptions = true, description = "Stop the local deployment.")
public final class DownCommand implements Callable<Integer> {

    @Option(names = "--state-dir", description = "default: .fewshot/local")
    Path stateDir;

    @Override
    public Integer call() throws Exception {
        Path dir = stateDir == null ? Home.defaultStateDir() : stateDir;
        Optional<Properties> state = Home.state(dir);
        if (state.isEmpty()) {
            System.err.println("nothing is up");
            return 0;
        }
        Optional<ProcessHandle> p = ProcessHandle.of(Long.parseLong(state.get().getProperty("pid", "-1")));
        if (p.isEmpty() || !p.get().isAlive()) {
            System.err.println("the recorded process is gone; removing the stale state file");
            java.nio.file.Files.deleteIfExists(dev.fewshot.cli.local.LocalDeployment.stateFile(dir));
            return 0;
        }
        p.get().destroy(); // SIGTERM: its shutdown hook stops the services, Kafka and PostgreSQL
        try {
            p.get().onExit().get(90, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            p.get().destroyForcibly();
        }
        System.err.println("fewshot is down");
        return 0;
    }
}
