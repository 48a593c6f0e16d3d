package dev.fewshot.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fewshot.cli.local.Home;
import dev.fewshot.core.conformal.Alpha;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fewshot classify IMAGE --run ID}: asks the embedder which class an image is, or whether it is unknown. */
@Command(name = "classify", mixinStandardHelpOptions = true,
        description = "Classify one image with a run's head (POST /classify on the embedder): top classes, the OOD "
                + "score and known/unknown at the run's 95%%-TPR threshold.")
public final class ClassifyCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "the image file")
    Path image;
    @Option(names = "--run", required = true, description = "run id")
    String run;
    @Option(names = "--head", description = "head (default: the run's best by AUROC)")
    String head;
    @Option(names = "--k", description = "K (default: best)")
    String k;
    @Option(names = "--seed", description = "seed (default: best)")
    String seed;
    @Option(names = "--score", description = "OOD score (default: msp)")
    String score;
    @Option(names = "--alpha", description = "conformal level: 'unknown' when the p-value is <= alpha, and the"
            + " prediction set at this level (default: " + Alpha.DEFAULT + "; docs/conformal.md)")
    Double alpha;
    @Option(names = "--set", description = "prediction-set method: lac or aps (default: lac)")
    String set;
    @Option(names = "--threshold", description = "decide by this score threshold instead of the conformal p-value")
    Double threshold;
    @Option(names = "--top", defaultValue = "5", description = "classes to list (default: ${DEFAULT-VALUE})")
    int top;
    @Option(names = "--json", description = "print the service's JSON answer")
    boolean json;
    @Option(names = "--url", description = "embedder base URL (default: the local deployment's)")
    String url;
    @Option(names = "--state-dir", description = "local deployment state (default: .fewshot/local)")
    Path stateDir;

    @Override
    public Integer call() throws Exception {
        Properties state = Home.state(stateDir == null ? Home.defaultStateDir() : stateDir).orElse(new Properties());
        String base = url != null ? url : state.getProperty("embedder.url");
        if (base == null) {
            throw new IllegalArgumentException("no embedder: start it with `./fewshot up --model-dir DIR` or pass --url");
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("run", run);
        putIf(params, "head", head);
        putIf(params, "k", k);
        putIf(params, "seed", seed);
        putIf(params, "score", score);
        putIf(params, "threshold", threshold == null ? null : threshold.toString());
        putIf(params, "alpha", alpha == null ? null : alpha.toString());
        putIf(params, "set", set);
        params.put("top", Integer.toString(top));
        StringBuilder q = new StringBuilder();
        params.forEach((key, v) -> q.append(q.length() == 0 ? "?" : "&").append(key).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/classify" + q))
                .header("Content-Type", "application/octet-stream").timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(image))).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = new ObjectMapper().readTree(r.body());
        if (r.statusCode() != 200) {
            System.err.println("classify failed (" + r.statusCode() + "): " + body.path("error").asText(r.body()));
            return 1;
        }
        if (json) {
            System.out.println(r.body());
            return 0;
        }
        System.out.printf("%s: %s (%s score = %.4f; %s; %s K=%d seed %d)%n", image.getFileName(),
                body.get("decision").asText().toUpperCase(), body.get("ood_score").asText(), body.get("score").asDouble(),
                body.get("decision_rule").asText(), body.get("head").asText(), body.get("k").asInt(),
                body.get("seed").asLong());
        JsonNode cp = body.path("conformal");
        if (cp.isObject()) {
            StringBuilder set = new StringBuilder();
            for (JsonNode c : cp.get("prediction_set")) {
                set.append(set.length() == 0 ? "" : ", ").append(c.has("name") ? c.get("name").asText()
                        : Integer.toString(c.get("class_index").asInt()));
            }
            System.out.printf("  conformal: p = %.4f at alpha %.3g (%d calibration rows); %s set (%s): {%s}%n",
                    cp.get("p_value").asDouble(), cp.get("alpha").asDouble(), cp.get("calibration_rows").asInt(),
                    cp.get("set_method").asText().toUpperCase(), cp.get("set_meaning").asText(), set);
        }
        if (!body.path("threshold").isNull()) {
            System.out.printf("  threshold %.4f (%s): %s%n", body.get("threshold").asDouble(),
                    body.get("threshold_source").asText(), body.get("threshold_decision").asText());
        }
        for (JsonNode c : body.get("top")) {
            System.out.printf("  %6.2f%%  %4d  %s%n", 100 * c.get("probability").asDouble(), c.get("class_index").asInt(),
                    c.has("name") ? c.get("name").asText() + " (" + c.get("label").asText() + ")" : "");
        }
        return 0;
    }

    private static void putIf(Map<String, String> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }
}
