package dev.fewshot.cli.commands;

import dev.fewshot.cli.local.Home;
import dev.fewshot.cli.local.LocalDeployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fewshot up}: Kafka, PostgreSQL and the services on 127.0.0.1. By default it starts them in
 * a background JVM and returns once they are ready; {@code fewshot down} stops them.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start the local deployment (Kafka, PostgreSQL, trainer and evaluator) in the background.")
public final class UpCommand implements Callable<Integer> {

    @Option(names = "--state-dir", description = "data, logs and state (default: .fewshot/local)")
    Path stateDir;
    @Option(names = "--foreground", description = "run in this process until Ctrl-C")
    boolean foreground;
    @Option(names = "--trainer-port", defaultValue = "8081")
    int trainerPort;
    @Option(names = "--evaluator-port", defaultValue = "8082")
    int evaluatorPort;
    @Option(names = "--model-dir", description = "a CLIP model directory (deploy/models/fetch-model.sh): also start "
            + "the embedder service with it")
    Path modelDir;
    @Option(names = "--data-root", description = "folders the embedder may read images from (default: the current directory)")
    List<Path> dataRoots;
    @Option(names = "--embedder-port", defaultValue = "8083")
    int embedderPort;

    @Override
    public Integer call() throws Exception {
        Path dir = stateDir == null ? Home.defaultStateDir() : stateDir;
        if (Home.state(dir).isPresent() && isAlive(Home.state(dir).get())) {
            System.err.println("already up; see " + LocalDeployment.stateFile(dir) + " (stop it with ./fewshot down)");
            return 3;
        }
        return foreground ? runForeground(dir) : spawn(dir);
    }

    private int runForeground(Path dir) throws Exception {
        LocalDeployment d = LocalDeployment.start(Home.root(), dir, trainerPort, evaluatorPort);
        if (modelDir != null) {
            d.startEmbedder(embedderPort, modelDir, dataRoots == null ? List.of(Path.of("").toAbsolutePath()) : dataRoots);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            d.close();
            stopped.countDown();
        }));
        printReady(dir);
        stopped.await();
        return 0;
    }

    private int spawn(Path dir) throws Exception {
        Files.createDirectories(dir);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Dfewshot.home=" + Home.root());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("dev.fewshot.cli.Main");
        cmd.add("up");
        cmd.add("--foreground");
        cmd.add("--state-dir=" + dir);
        cmd.add("--trainer-port=" + trainerPort);
        cmd.add("--evaluator-port=" + evaluatorPort);
        if (modelDir != null) {
            cmd.add("--model-dir=" + modelDir.toAbsolutePath());
            cmd.add("--embedder-port=" + embedderPort);
            for (Path r : dataRoots == null ? List.of(Path.of("").toAbsolutePath()) : dataRoots) {
                cmd.add("--data-root=" + r.toAbsolutePath());
            }
        }
        Path log = dir.resolve("logs/up.log");
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // If this command is interrupted before the deployment is ready, take it down with us.
        Thread guard = new Thread(p::destroy);
        Runtime.getRuntime().addShutdownHook(guard);
        long deadline = System.nanoTime() + 240_000_000_000L;
        // Ready when the state file is there (and names the embedder, when one was asked for).
        while (Home.state(dir).isEmpty()
                || (modelDir != null && Home.state(dir).get().getProperty("embedder.url") == null)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroy();
                System.err.println("the local deployment did not come up; see " + log);
                return 1;
            }
            Thread.sleep(300);
        }
        Runtime.getRuntime().removeShutdownHook(guard);
        printReady(dir);
        return 0;
    }

    private static boolean isAlive(Properties state) {
        return ProcessHandle.of(Long.parseLong(state.getProperty("pid", "-1"))).map(ProcessHandle::isAlive).orElse(false);
    }

    private static void printReady(Path dir) {
        Properties s = Home.state(dir).orElseThrow();
        System.out.println("fewshot is up (stop it with ./fewshot down):");
        System.out.println("  kafka       " + s.getProperty("bootstrap.servers"));
        System.out.println("  postgres    " + s.getProperty("jdbc.url") + " (user " + s.getProperty("jdbc.user") + ")");
        System.out.println("  trainer     " + s.getProperty("trainer.url") + "/q/health");
        System.out.println("  evaluator   " + s.getProperty("evaluator.url") + "/   (runs, reports)");
        if (s.getProperty("embedder.url") != null) {
            System.out.println("  embedder    " + s.getProperty("embedder.url") + "/classify");
        }
    }
}
