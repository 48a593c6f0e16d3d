package dev.fewshot.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Consistency check 3: only the gpu overlay's embedder asks for GPUs; the dev overlay asks for none. */
class GpuRequestTest {
    static final String GPU = "nvidia.com/gpu";

    /** Every object with a `nvidia.com/gpu` quantity under some resources.requests/limits, anywhere in it. */
    static Set<String> gpuConsumers(String overlay) {
        Set<String> s = new TreeSet<>();
        for (ObjectNode doc : Repo.render(overlay)) {
            if (requestsGpu(doc, null)) {
                s.add(Repo.id(doc));
            }
        }
        return s;
    }

    static boolean requestsGpu(JsonNode n, String parentField) {
        if (n.isObject()) {
            if (("limits".equals(parentField) || "requests".equals(parentField)) && n.has(GPU)) {
                return true;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (requestsGpu(e.getValue(), e.getKey())) {
                    return true;
                }
            }
        } else if (n.isArray()) {
            for (JsonNode e : n) {
                if (requestsGpu(e, parentField)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void gpuOverlayGivesAGpuToTheEmbedderOnly() {
        assertEquals(Set.of("Deployment/fewshot-embedder"), gpuConsumers("gpu"));
        JsonNode spec = Repo.named(Repo.render("gpu"), "Deployment", "fewshot-embedder")
                .path("spec").path("template").path("spec");
        assertEquals(1, spec.path("containers").get(0).path("resources").path("limits").path(GPU).asInt());
        assertEquals("true", spec.path("nodeSelector").path("nvidia.com/gpu.present").asText());
        boolean tolerates = false;
        for (JsonNode t : spec.path("tolerations")) {
            tolerates |= GPU.equals(t.path("key").asText()) && "Exists".equals(t.path("operator").asText())
                    && "NoSchedule".equals(t.path("effect").asText());
        }
        assertEquals(true, tolerates, "the GPU embedder tolerates the nvidia.com/gpu taint");
        String image = spec.path("containers").get(0).path("image").asText();
        assertEquals(true, image.contains("fewshot-embedder-cuda"), image);
        String cm = null;
        for (JsonNode f : spec.path("containers").get(0).path("envFrom")) {
            if (f.path("configMapRef").path("name").asText().startsWith("fewshot-embedder-config")) {
                cm = f.path("configMapRef").path("name").asText();
            }
        }
        assertEquals("cuda", Repo.named(Repo.render("gpu"), "ConfigMap", cm).path("data")
                .path("FEWSHOT_EMBEDDER_EXECUTION_PROVIDER").asText());
    }

    @Test
    void devOverlayAsksForNoGpu() {
        assertEquals(Set.of(), gpuConsumers("dev"));
    }
}
