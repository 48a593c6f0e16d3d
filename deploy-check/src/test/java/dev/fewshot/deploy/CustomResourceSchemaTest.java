package dev.fewshot.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka, KafkaNodePool (Strimzi), Cluster (CloudNativePG) and ServiceMonitor (Prometheus Operator) against
 * their CRD schemas: types, enums and required fields, through the validators the kubernetes-models npm
 * packages generate from the operators' CRDs (src/test/node; .ci/run installs them with `npm ci`).
 * Unknown (misspelled) fields, which the API server would silently prune, are caught by TypeScript's
 * excess-property check against the same packages' interfaces (check-fields.mjs). KafkaTopic and ScaledObject
 * are checked against the CRD files in src/test/resources/crds (ManifestTypesTest).
 */
class CustomResourceSchemaTest {
    static final Path NODE_DIR = Repo.root().resolve("deploy-check/src/test/node");
    static final List<String> KINDS = List.of("Kafka fewshot", "KafkaNodePool broker", "KafkaNodePool controller",
            "Cluster fewshot-db", "ServiceMonitor fewshot");

    @TempDir
    Path tmp;

    @Test
    void everyOverlaysCustomResourcesMatchTheirSchemas() throws Exception {
        for (String overlay : Repo.OVERLAYS) {
            Result r = validate(Repo.kustomize(Repo.root().resolve("k8s/overlays/" + overlay)));
            assertEquals(0, r.exit(), overlay + ":\n" + r.output());
            for (String k : KINDS) {
                assertTrue(r.output().contains("ok " + k), overlay + " did not validate " + k + ":\n" + r.output());
            }
            Result fields = run("check-fields.mjs", Repo.kustomize(Repo.root().resolve("k8s/overlays/" + overlay)));
            assertEquals(0, fields.exit(), overlay + ":\n" + fields.output());
            for (String k : KINDS) {
                assertTrue(fields.output().contains("fields-ok " + k), overlay + " did not check " + k + ":\n" + fields.output());
            }
        }
    }

    @Test
    void aBrokenResourceIsRejected() throws Exception {
        String yaml = Repo.kustomize(Repo.root().resolve("k8s/overlays/gpu"));
        // A node pool without replicas, and PostgreSQL instances as a word.
        String broken = yaml.replaceAll("(?m)^(\\s+)replicas: 3$", "$1replicaz: 3")
                .replaceFirst("(?m)^(\\s+)instances: (\\d+)$", "$1instances: three");
        Result r = validate(broken);
        assertEquals(1, r.exit(), r.output());
        assertTrue(r.output().contains("INVALID KafkaNodePool") && r.output().contains("replicas"), r.output());
        assertTrue(r.output().contains("INVALID Cluster fewshot-db") && r.output().contains("instances"), r.output());
    }

    @Test
    void aMisspelledFieldIsRejected() throws Exception {
        // The API server would silently drop these (CRD schemas prune unknown fields): catch them here.
        String yaml = Repo.kustomize(Repo.root().resolve("k8s/overlays/gpu"))
                .replaceFirst("(?m)^    listeners:", "    listenerz:")
                .replace("deleteClaim:", "deleteClaimz:")
                .replaceFirst("(?m)^  instances:", "  instancez:")
                .replaceFirst("(?m)^  endpoints:", "  endpointz:");
        Result r = run("check-fields.mjs", yaml);
        assertEquals(1, r.exit(), r.output());
        for (String[] kindField : new String[][]{{"Kafka fewshot", "listenerz"}, {"KafkaNodePool broker", "deleteClaimz"},
                {"Cluster fewshot-db", "instancez"}, {"ServiceMonitor fewshot", "endpointz"}}) {
            assertTrue(r.output().lines().anyMatch(l -> l.startsWith("UNKNOWN-FIELD " + kindField[0])
                    && l.contains(kindField[1])), kindField[0] + ":\n" + r.output());
        }
    }

    record Result(int exit, String output) {
    }

    private Result validate(String yaml) throws Exception {
        return run("validate-crs.mjs", yaml);
    }

    private Result run(String script, String yaml) throws Exception {
        Tools.require(Tools.onPath("node") && Files.isDirectory(NODE_DIR.resolve("node_modules/@kubernetes-models")),
                "the CRD schema validators are not installed: run `npm ci` in " + NODE_DIR + " (.ci/run does)");
        Path file = Files.writeString(tmp.resolve("rendered.yaml"), yaml);
        Process p = new ProcessBuilder("node", script, file.toString()).directory(NODE_DIR.toFile())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("node " + script + " did not finish in 60 s");
        }
        return new Result(p.exitValue(), out);
    }
}
