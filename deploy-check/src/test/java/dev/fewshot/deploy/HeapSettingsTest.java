package dev.fewshot.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The heap a Deployment asks for is the heap its JVM gets. The images start java with JAVA_OPTS_APPEND on the command
 * line (run-java.sh, or the CUDA image's sh -c), and a command-line flag wins over JAVA_TOOL_OPTIONS: so heap flags
 * belong in JAVA_OPTS_APPEND (replacing the image's, with its other flags kept), never in JAVA_TOOL_OPTIONS.
 */
class HeapSettingsTest {
    static final List<String> OVERLAYS = Repo.OVERLAYS;
    /** MaxRAMPercentage per service: the embedder leaves more of its limit to ONNX Runtime's native memory. */
    static final Map<String, Integer> HEAP_PERCENT = Map.of(
            "fewshot-trainer", 70, "fewshot-evaluator", 70, "fewshot-embedder", 60);
    static final Pattern HEAP_FLAG = Pattern.compile("-Xmx|-Xms|RAMPercentage|-XX:MaxRAM=");
    static final Pattern MAX_RAM = Pattern.compile("-XX:MaxRAMPercentage=(\\d+(?:\\.\\d+)?)");

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void theHeapFlagsOfEveryDeploymentTakeEffect(String overlay) throws IOException {
        List<ObjectNode> docs = Repo.render(overlay);
        List<String> errors = new ArrayList<>();
        int checked = 0;
        for (ObjectNode d : Repo.ofKind(docs, "Deployment")) {
            String name = Repo.name(d);
            for (JsonNode c : d.path("spec").path("template").path("spec").path("containers")) {
                Map<String, String> env = values(docs, c);
                String image = c.path("image").asText();
                String fromImage = imageOptsAppend(image.contains("cuda") ? "Dockerfile.embedder-cuda" : "Dockerfile.jvm");
                String tool = env.getOrDefault("JAVA_TOOL_OPTIONS", "");
                if (HEAP_FLAG.matcher(tool).find()) {
                    errors.add(name + ": JAVA_TOOL_OPTIONS '" + tool + "' sets the heap, but the image's command line"
                            + " (JAVA_OPTS_APPEND) comes after it and wins");
                }
                String effective = env.getOrDefault("JAVA_OPTS_APPEND", fromImage);
                Matcher m = MAX_RAM.matcher(effective);
                List<String> found = new ArrayList<>();
                while (m.find()) {
                    found.add(m.group(1));
                }
                Integer want = HEAP_PERCENT.get(name);
                if (want != null && !found.equals(List.of(Integer.toString(want)))) {
                    errors.add(name + ": effective MaxRAMPercentage " + found + " ('" + effective + "'), expected "
                            + want);
                }
                for (String keep : List.of("-Djava.io.tmpdir=/tmp", "-Djava.util.logging.manager=")) {
                    if (!effective.contains(keep)) {
                        errors.add(name + ": JAVA_OPTS_APPEND drops the image's " + keep + " ('" + effective + "')");
                    }
                }
                checked++;
            }
        }
        assertTrue(checked >= 3, "checked " + checked + " containers");
        assertEquals(List.of(), errors);
    }

    /** A container's environment values: its ConfigMaps (envFrom), then its own env entries. */
    static Map<String, String> values(List<ObjectNode> docs, JsonNode container) {
        Map<String, String> env = new TreeMap<>();
        for (JsonNode from : container.path("envFrom")) {
            if (from.has("configMapRef")) {
                ObjectNode map = Repo.named(docs, "ConfigMap", from.path("configMapRef").path("name").asText());
                map.path("data").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
            }
        }
        for (JsonNode e : container.path("env")) {
            if (e.has("value")) {
                env.put(e.path("name").asText(), e.path("value").asText());
            }
        }
        return env;
    }

    /** The JAVA_OPTS_APPEND an image sets (ENV in its Dockerfile). */
    static String imageOptsAppend(String dockerfile) throws IOException {
        String text = Files.readString(Repo.root().resolve("deploy/docker").resolve(dockerfile));
        Matcher m = Pattern.compile("JAVA_OPTS_APPEND=\"([^\"]*)\"").matcher(text);
        assertTrue(m.find(), dockerfile + " sets no JAVA_OPTS_APPEND");
        return m.group(1);
    }
}
