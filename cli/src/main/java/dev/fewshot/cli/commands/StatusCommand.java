package dev.fewshot.cli.commands;

import dev.fewshot.cli.local.Home;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fewshot status}: each service of the local deployment with its process, liveness, readiness and how many
 * times the supervisor restarted it. Exit code 0 when every service is live and ready, 1 when one is not, 3 when
 * nothing is up.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the local deployment's services: health and restarts.")
public final class StatusCommand implements Callable<Integer> {

    @Option(names = "--state-dir", description = "default: .fewshot/local")
    Path stateDir;

    private static final List<String> SERVICES = List.of("trainer", "evaluator", "embedder");

    @Override
    public Integer call() {
        Path dir = stateDir == null ? Home.defaultStateDir() : stateDir;
        Optional<Properties> state = Home.state(dir);
        boolean supervisorAlive = state.flatMap(s -> ProcessHandle.of(Long.parseLong(s.getProperty("pid", "-1"))))
                .map(ProcessHandle::isAlive).orElse(false);
        if (state.isEmpty() || !supervisorAlive) {
            System.out.println("fewshot is not up (start it with ./fewshot up)");
            return 3;
        }
        Properties s = state.get();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        boolean allUp = true;
        System.out.printf("%-10s %-24s %-8s %-6s %-6s %s%n", "service", "url", "pid", "live", "ready", "restarts");
        for (String name : SERVICES) {
            String url = s.getProperty(name + ".url");
            if (url == null) {
                continue; // the embedder is optional
            }
            String key = name + "-service";
            String live = probe(http, url + "/q/health/live");
            String ready = probe(http, url + "/q/health/ready");
            allUp &= live.equals("UP") && ready.equals("UP");
            String exit = s.getProperty(key + ".last-exit");
            System.out.printf("%-10s %-24s %-8s %-6s %-6s %s%n", name, url, s.getProperty(key + ".pid", "?"), live,
                    ready, s.getProperty(key + ".restarts", "0") + (exit == null ? "" : " (last exit code " + exit + ")"));
        }
        System.out.println("kafka      " + s.getProperty("bootstrap.servers"));
        System.out.println("postgres   " + s.getProperty("jdbc.url"));
        return allUp ? 0 : 1;
    }

    private static String probe(HttpClient http, String url) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? "UP" : "DOWN";
        } catch (java.io.IOException e) {
            return "NO";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }
}
