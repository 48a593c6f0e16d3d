package dev.fewshot.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.api.Test;

/**
 * Consistency check 6: k8s/base/fetch-model.sh (kustomize loads no file from outside the kustomization) is
 * byte for byte deploy/models/fetch-model.sh, and it is what the fetch-model Job runs.
 */
class FetchModelScriptTest {
    static final List<String> OVERLAYS = Repo.OVERLAYS;

    @Test
    void copyEqualsTheOriginal() throws Exception {
        byte[] original = Files.readAllBytes(Repo.root().resolve("deploy/models/fetch-model.sh"));
        byte[] copy = Files.readAllBytes(Repo.root().resolve("k8s/base/fetch-model.sh"));
        assertArrayEquals(original, copy, "k8s/base/fetch-model.sh differs from deploy/models/fetch-model.sh: "
                + "cp deploy/models/fetch-model.sh k8s/base/fetch-model.sh");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void theJobRunsTheScriptIntoTheEmbedderModelDir(String overlay) {
        List<ObjectNode> docs = Repo.render(overlay);
        JsonNode pod = Repo.named(docs, "Job", "fetch-model").path("spec").path("template").path("spec");
        String cm = null;
        for (JsonNode v : pod.path("volumes")) {
            if (v.has("configMap")) {
                cm = v.path("configMap").path("name").asText();
            }
        }
        assertEquals(Repo.read("deploy/models/fetch-model.sh"),
                Repo.named(docs, "ConfigMap", cm).path("data").path("fetch-model.sh").asText(),
                "the script in the fetch-model Job's ConfigMap");
        String command = pod.path("containers").get(0).path("command").toString();
        // The Job writes where the embedder reads: FEWSHOT_EMBEDDER_MODEL_DIR.
        String modelDir = null;
        for (ObjectNode c : Repo.ofKind(docs, "ConfigMap")) {
            if (c.path("data").has("FEWSHOT_EMBEDDER_MODEL_DIR")) {
                modelDir = c.path("data").path("FEWSHOT_EMBEDDER_MODEL_DIR").asText();
            }
        }
        assertTrue(modelDir != null && command.contains("\"" + modelDir + "\""),
                "the Job's command " + command + " writes to the embedder's model dir " + modelDir);
        boolean writable = false;
        for (JsonNode m : pod.path("containers").get(0).path("volumeMounts")) {
            writable |= modelDir.startsWith(m.path("mountPath").asText() + "/") && !m.path("readOnly").asBoolean();
        }
        assertTrue(writable, "the Job mounts the model volume read-write");
        JsonNode embedder = Repo.named(docs, "Deployment", "fewshot-embedder").path("spec").path("template")
                .path("spec").path("containers").get(0);
        boolean readOnly = false;
        for (JsonNode m : embedder.path("volumeMounts")) {
            readOnly |= modelDir.startsWith(m.path("mountPath").asText() + "/") && m.path("readOnly").asBoolean();
        }
        assertTrue(readOnly, "the embedder mounts the model volume read-only");
    }
}
