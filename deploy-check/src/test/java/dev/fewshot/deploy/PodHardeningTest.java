package dev.fewshot.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Every pod we run: non-root, read-only root filesystem, no capabilities, /tmp on an emptyDir, sized. */
class PodHardeningTest {
    static final List<String> OVERLAYS = Repo.OVERLAYS;

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void podsAreHardenedAndSized(String overlay) {
        List<String> errors = new ArrayList<>();
        List<ObjectNode> workloads = new ArrayList<>(Repo.ofKind(Repo.render(overlay), "Deployment"));
        workloads.addAll(Repo.ofKind(Repo.render(overlay), "Job"));
        for (String f : List.of("k8s/jobs/run-request-job.yaml", "k8s/jobs/embed-request-job.yaml")) {
            workloads.addAll(Repo.parseDocuments(Repo.read(f)));
        }
        for (ObjectNode w : workloads) {
            String id = Repo.id(w).equals("Job/") ? "Job " + w.path("metadata").path("generateName").asText()
                    : Repo.id(w);
            JsonNode pod = w.path("spec").path("template").path("spec");
            if (!pod.path("securityContext").path("runAsNonRoot").asBoolean()) {
                errors.add(id + ": runAsNonRoot");
            }
            String tmpVolume = null;
            for (JsonNode c : pod.path("containers")) {
                JsonNode sc = c.path("securityContext");
                if (!sc.path("readOnlyRootFilesystem").asBoolean()) {
                    errors.add(id + ": readOnlyRootFilesystem");
                }
                if (sc.path("allowPrivilegeEscalation").asBoolean(true)) {
                    errors.add(id + ": allowPrivilegeEscalation false");
                }
                if (!sc.path("capabilities").path("drop").toString().contains("\"ALL\"")) {
                    errors.add(id + ": capabilities drop ALL");
                }
                for (String r : List.of("requests", "limits")) {
                    if (!c.path("resources").path(r).has("memory")) {
                        errors.add(id + ": resources." + r + ".memory");
                    }
                }
                for (JsonNode m : c.path("volumeMounts")) {
                    if (m.path("mountPath").asText().equals("/tmp")) {
                        tmpVolume = m.path("name").asText();
                    }
                }
            }
            boolean emptyDir = false;
            for (JsonNode v : pod.path("volumes")) {
                emptyDir |= v.path("name").asText().equals(tmpVolume) && v.has("emptyDir");
            }
            if (!emptyDir) {
                errors.add(id + ": /tmp on an emptyDir");
            }
        }
        assertEquals(List.of(), errors);
    }
}
