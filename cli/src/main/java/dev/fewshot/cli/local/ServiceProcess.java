package dev.fewshot.cli.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Quarkus service (fast-jar layout) as a child JVM on 127.0.0.1, configured through system
 * properties, ready once its readiness probe answers UP. Closing stops it (SIGTERM, then kill).
 */
public final class ServiceProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final int port;
    private final Spec spec;

    /** What a service was started with, so that a supervisor can start it again the same way. */
    record Spec(String name, Path jar, int port, Map<String, String> config, Path log, Duration timeout) {
    }

    private ServiceProcess(String name, Process process, int port, Spec spec) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.spec = spec;
    }

    /** A new process from the same jar, port and settings, appending to the same log. */
    public ServiceProcess restart() throws IOException, InterruptedException {
        close();
        return start(spec.name(), spec.jar(), spec.port(), spec.config(), spec.log(), spec.timeout());
    }

    /** The exit code, or null while it runs. */
    public Integer exitCode() {
        return process.isAlive() ? null : process.exitValue();
    }

    /**
     * @param jar    target/quarkus-app/quarkus-run.jar of the service
     * @param config Quarkus properties (Kafka, datasource, ...), passed as -D
     * @param log    where its stdout and stderr go
     */
    public static ServiceProcess start(String name, Path jar, int port, Map<String, String> config, Path log,
                                       Duration timeout) throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + ": " + jar + " is missing; build it with "
                    + "mvn -pl " + name + " -am package -DskipTests");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx1g");
        for (Map.Entry<String, String> e : config.entrySet()) {
            cmd.add("-D" + e.getKey() + "=" + e.getValue());
        }
        cmd.add("-Dquarkus.http.host=127.0.0.1");
        cmd.add("-Dquarkus.http.port=" + port);
        cmd.add("-jar");
        cmd.add(jar.toString());
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        ServiceProcess sp = new ServiceProcess(name, p, port, new Spec(name, jar, port, Map.copyOf(config), log, timeout));
        try {
            sp.awaitReady(timeout, log);
        } catch (IOException | InterruptedException | RuntimeException e) {
            sp.close();
            throw e;
        }
        return sp;
    }

    private void awaitReady(Duration timeout, Path log) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (http.send(req, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " was not ready after " + timeout.toSeconds() + " s; see " + log);
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
