package dev.fewshot.stack;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the local stack as a foreground process for {@code fewshot up} / {@code fewshot down}.
 *
 * <pre>
 * StackMain up     --state-dir DIR [--kafka-port N] [--pg-port N] [--partitions N]
 * StackMain down   --state-dir DIR [--timeout-s N]
 * StackMain status --state-dir DIR
 * </pre>
 *
 * <p>{@code up} keeps data in {@code DIR/kafka} and {@code DIR/pg}, writes {@code DIR/stack.properties} atomically
 * once both answer, prints one summary line to stdout and runs until SIGTERM/SIGINT; its shutdown hook deletes
 * {@code stack.properties} and stops both. Exit codes: 0 ok, 1 failure, 2 usage, 3 already running (up) / timeout
 * (down).
 */
public final class StackMain {
    public static final String STATE_FILE = "stack.properties";
    /** Keys in stack.properties besides the {@link LocalStack#quarkusConfig()} entries. */
    public static final String KEY_PID = "pid";
    public static final String KEY_BOOTSTRAP = "bootstrap.servers";
    public static final String KEY_JDBC_URL = "jdbc.url";
    public static final String KEY_JDBC_USER = "jdbc.user";
    public static final String KEY_JDBC_PASSWORD = "jdbc.password";

    private StackMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            return usage(err);
        }
        String cmd = args[0];
        Path stateDir = null;
        int kafkaPort = 0;
        int pgPort = 0;
        int partitions = LocalKafka.DEFAULT_PARTITIONS;
        long timeoutS = 60;
        try {
            for (int i = 1; i < args.length; i++) {
                String a = args[i];
                String v = i + 1 < args.length ? args[i + 1] : null;
                switch (a) {
                    case "--state-dir" -> stateDir = Path.of(require(a, v));
                    case "--kafka-port" -> kafkaPort = Integer.parseInt(require(a, v));
                    case "--pg-port" -> pgPort = Integer.parseInt(require(a, v));
                    case "--partitions" -> partitions = Integer.parseInt(require(a, v));
                    case "--timeout-s" -> timeoutS = Long.parseLong(require(a, v));
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
                i++;
            }
        } catch (IllegalArgumentException e) {
            err.println("fewshot-stack: " + e.getMessage());
            return usage(err);
        }
        if (stateDir == null) {
            err.println("fewshot-stack: --state-dir is required");
            return usage(err);
        }
        return switch (cmd) {
            case "up" -> up(stateDir.toAbsolutePath(), kafkaPort, pgPort, partitions, out, err);
            case "down" -> down(stateDir, timeoutS, out, err);
            case "status" -> status(stateDir, out);
            default -> usage(err);
        };
    }

    private static String require(String opt, String v) {
        if (v == null) {
            throw new IllegalArgumentException(opt + " needs a value");
        }
        return v;
    }

    private static int usage(PrintStream err) {
        err.println("usage: StackMain up --state-dir DIR [--kafka-port N] [--pg-port N] [--partitions N]");
        err.println("       StackMain down --state-dir DIR [--timeout-s N]");
        err.println("       StackMain status --state-dir DIR");
        return 2;
    }

    static int up(Path stateDir, int kafkaPort, int pgPort, int partitions, PrintStream out, PrintStream err) {
        Path stateFile = stateDir.resolve(STATE_FILE);
        Optional<ProcessHandle> running = runningPid(stateDir);
        if (running.isPresent()) {
            err.println("fewshot-stack: already running as pid " + running.get().pid() + " (" + stateFile + ")");
            return 3;
        }
        try {
            Files.createDirectories(stateDir);
            Files.deleteIfExists(stateFile); // stale: its process is gone
        } catch (IOException e) {
            err.println("fewshot-stack: cannot use " + stateDir + ": " + e);
            return 1;
        }

        AtomicReference<LocalStack> ref = new AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            try {
                Files.deleteIfExists(stateFile);
            } catch (IOException ignored) {
                // best effort
            }
            LocalStack s = ref.getAndSet(null);
            if (s != null) {
                s.close();
                err.println("fewshot-stack: stopped");
            }
            stopped.countDown();
        }, "fewshot-stack-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        LocalStack stack;
        try {
            stack = LocalStack.start(stateDir, kafkaPort, pgPort, partitions);
        } catch (RuntimeException e) {
            err.println("fewshot-stack: start failed: " + e);
            e.printStackTrace(err);
            return 1;
        }
        ref.set(stack);
        long pid = ProcessHandle.current().pid();
        try {
            writeStateFile(stateFile, stack, pid);
        } catch (IOException e) {
            err.println("fewshot-stack: cannot write " + stateFile + ": " + e);
            return 1; // System.exit runs the hook, which stops the stack
        }
        out.println("fewshot stack up: kafka " + stack.bootstrapServers() + ", postgres " + stack.jdbcUrl()
            + " (user " + stack.postgres().user() + "), pid " + pid + ", state " + stateFile
            + " [kafka ready in " + stack.kafkaStartMillis() + " ms, postgres in " + stack.postgresStartMillis() + " ms]");
        out.flush();
        try {
            stopped.await(); // until SIGTERM/SIGINT runs the hook
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    static void writeStateFile(Path stateFile, LocalStack stack, long pid) throws IOException {
        Properties p = new Properties();
        p.setProperty(KEY_PID, Long.toString(pid));
        p.setProperty(KEY_BOOTSTRAP, stack.bootstrapServers());
        p.setProperty(KEY_JDBC_URL, stack.jdbcUrl());
        p.setProperty(KEY_JDBC_USER, stack.postgres().user());
        p.setProperty(KEY_JDBC_PASSWORD, stack.postgres().password());
        for (Map.Entry<String, String> e : stack.quarkusConfig().entrySet()) {
            p.setProperty(e.getKey(), e.getValue());
        }
        Path tmp = stateFile.resolveSibling(STATE_FILE + ".tmp");
        try (OutputStream o = Files.newOutputStream(tmp)) {
            p.store(o, "fewshot local stack; deleted when the stack stops");
        }
        try {
            Files.move(tmp, stateFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Reads DIR/stack.properties, or empty when there is none. */
    public static Optional<Properties> readState(Path stateDir) {
        Path f = stateDir.resolve(STATE_FILE);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (var in = Files.newInputStream(f)) {
            p.load(in);
            return Optional.of(p);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<ProcessHandle> runningPid(Path stateDir) {
        return readState(stateDir)
            .map(p -> p.getProperty(KEY_PID))
            .flatMap(s -> {
                try {
                    return ProcessHandle.of(Long.parseLong(s.trim()));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            })
            .filter(ProcessHandle::isAlive);
    }

    static int down(Path stateDir, long timeoutS, PrintStream out, PrintStream err) {
        Optional<ProcessHandle> ph = runningPid(stateDir);
        if (ph.isEmpty()) {
            out.println("fewshot stack: not running (" + stateDir.resolve(STATE_FILE) + ")");
            return 0;
        }
        ProcessHandle h = ph.get();
        h.destroy(); // SIGTERM: the shutdown hook stops Kafka and PostgreSQL
        try {
            h.onExit().get(timeoutS, TimeUnit.SECONDS);
        } catch (Exception e) {
            err.println("fewshot-stack: pid " + h.pid() + " still running after " + timeoutS + " s");
            return 3;
        }
        out.println("fewshot stack down (pid " + h.pid() + ")");
        return 0;
    }

    static int status(Path stateDir, PrintStream out) {
        Optional<ProcessHandle> ph = runningPid(stateDir);
        if (ph.isEmpty()) {
            out.println("fewshot stack: not running");
            return 1;
        }
        Properties p = readState(stateDir).orElseGet(Properties::new);
        out.println("fewshot stack: running, pid " + ph.get().pid() + ", kafka " + p.getProperty(KEY_BOOTSTRAP)
            + ", postgres " + p.getProperty(KEY_JDBC_URL));
        return 0;
    }
}
