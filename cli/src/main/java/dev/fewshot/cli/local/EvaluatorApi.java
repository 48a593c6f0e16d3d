package dev.fewshot.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fewshot.core.sweep.PlotRows;
import dev.fewshot.core.sweep.ResultColumn;
import dev.fewshot.core.sweep.ResultRow;
import dev.fewshot.report.ReportInput;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * The evaluator's REST API, as the commands that read runs and results use it (a user of a Kubernetes deployment
 * reads through it too; the CLI opens no database connection of its own). The URL: {@code --evaluator}, else the local
 * deployment's state file ({@code evaluator.url}), else FEWSHOT_EVALUATOR_URL, else the local deployment's port.
 */
public final class EvaluatorApi {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Option(names = "--evaluator", description = "evaluator URL (default: the local deployment's)")
    String url;
    @Option(names = "--state-dir", description = "local deployment state (default: .fewshot/local)")
    Path stateDir;

    private HttpClient http;

    public EvaluatorApi() {
    }

    /** A client of the evaluator at {@code baseUrl}, for commands that already know it (the demo, run --wait). */
    public static EvaluatorApi at(String baseUrl) {
        EvaluatorApi api = new EvaluatorApi();
        api.url = baseUrl;
        return api;
    }

    public String baseUrl() {
        if (url != null) {
            return strip(url);
        }
        Properties state = Home.state(stateDir == null ? Home.defaultStateDir() : stateDir).orElse(new Properties());
        String fromEnv = System.getenv("FEWSHOT_EVALUATOR_URL");
        return strip(state.getProperty("evaluator.url",
                fromEnv != null ? fromEnv : "http://127.0.0.1:" + LocalDeployment.EVALUATOR_PORT));
    }

    /** GET /runs/{id}: the run with its request, events and provenance; empty for an unknown run. */
    public Optional<JsonNode> run(String runId) throws IOException {
        return get("/runs/" + enc(runId));
    }

    /** GET /runs/{id}/results: every result row, field by field as stored. */
    public List<ResultRow> results(String runId) throws IOException {
        JsonNode rows = get("/runs/" + enc(runId) + "/results?format=json")
                .orElseThrow(() -> new IllegalArgumentException("unknown run '" + runId + "'"));
        List<ResultRow> out = new ArrayList<>();
        for (JsonNode row : rows) {
            Map<String, Object> fields = new LinkedHashMap<>();
            row.fields().forEachRemaining(f -> {
                if (ResultRow.JSON_FIELDS.contains(f.getKey())) { // a newer evaluator's extra fields are not ours
                    fields.put(f.getKey(), value(f.getKey(), f.getValue()));
                }
            });
            out.add(ResultRow.fromFields(fields));
        }
        return out;
    }

    /** The report's input: the run, its rows, histograms, reliability bins and provenance, read through REST. */
    public Optional<ReportInput> report(String runId) throws IOException {
        Optional<JsonNode> run = run(runId);
        if (run.isEmpty()) {
            return Optional.empty();
        }
        JsonNode r = run.get();
        ReportInput.RunInfo info = new ReportInput.RunInfo(text(r, "run_id"), text(r, "dataset_id"),
                text(r, "model_id"), text(r, "status"), text(r, "reason"), r.path("request").toString(),
                r.path("done").asLong(), r.hasNonNull("total_steps") ? r.get("total_steps").asInt() : null,
                text(r, "created_at"));
        JsonNode plots = get("/runs/" + enc(runId) + "/plots").orElseThrow(
                () -> new IllegalArgumentException("unknown run '" + runId + "'"));
        List<PlotRows.Histogram> histograms;
        List<PlotRows.Reliability> reliability;
        try { // the contract's strict reading: a missing or mistyped field is an error, not a zero
            dev.fewshot.contracts.PlotsJson plotsJson = dev.fewshot.contracts.PlotsJson.parse(plots.toString());
            histograms = plotsJson.histogramRows();
            reliability = plotsJson.reliabilityRows();
        } catch (IllegalArgumentException e) {
            throw new IOException("the evaluator's plots of run '" + runId + "' are not what fewshot reads: "
                    + e.getMessage(), e);
        }
        Map<String, String> provenance = new LinkedHashMap<>();
        r.path("provenance").fields().forEachRemaining(f -> provenance.put(f.getKey(), f.getValue().asText()));
        return Optional.of(new ReportInput(info, results(runId), histograms, reliability, provenance));
    }

    /** A field's value as the row's builder takes it; JSON writes NaN and infinities of a double as strings. */
    private static Object value(String field, JsonNode v) {
        if (v.isTextual() && ResultRow.COLUMNS.contains(field)
                && ResultColumn.fromId(field).type() == ResultColumn.Type.DOUBLE) {
            return Double.valueOf(v.asText());
        }
        return MAPPER.convertValue(v, Object.class);
    }

    /** The body of a GET, empty on 404 for an unknown run; any other failure names the URL and the evaluator's error. */
    private Optional<JsonNode> get(String path) throws IOException {
        String target = baseUrl() + path;
        HttpResponse<String> response;
        try {
            if (http == null) {
                http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            }
            response = http.send(HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofMinutes(2))
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading " + target, e);
        } catch (IOException e) {
            throw new IOException("the evaluator at " + baseUrl() + " is not reachable (" + e + "); start the local"
                    + " deployment with `./fewshot up` or pass --evaluator URL", e);
        }
        if (response.statusCode() == 404 && response.body().contains("unknown run")) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new IOException("GET " + target + " answered " + response.statusCode() + ": " + response.body());
        }
        return Optional.of(MAPPER.readTree(response.body()));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String strip(String u) {
        return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    }
}
