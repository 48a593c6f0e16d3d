package dev.fewshot.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Every port a fewshot service listens on is governed by a NetworkPolicy that selects its pods and names that port:
 * once a policy selects a pod, whatever it does not allow is denied, so nothing is left open by omission.
 */
class NetworkPolicyCoverageTest {
    static final List<String> OVERLAYS = Repo.OVERLAYS;

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyServicePortHasAnIngressPolicy(String overlay) {
        List<ObjectNode> docs = Repo.render(overlay);
        List<ObjectNode> policies = Repo.ofKind(docs, "NetworkPolicy");
        List<String> errors = new ArrayList<>();
        int ports = 0;
        for (ObjectNode d : Repo.ofKind(docs, "Deployment")) {
            JsonNode labels = d.path("spec").path("template").path("metadata").path("labels");
            for (JsonNode c : d.path("spec").path("template").path("spec").path("containers")) {
                for (JsonNode p : c.path("ports")) {
                    int port = p.path("containerPort").asInt();
                    ports++;
                    boolean covered = policies.stream().anyMatch(np -> selects(np, labels) && allowsPort(np, port));
                    if (!covered) {
                        errors.add(Repo.name(d) + " port " + port + ": no NetworkPolicy selects the pod and names it");
                    }
                }
            }
        }
        assertTrue(ports >= 3, ports + " ports checked");
        assertEquals(List.of(), errors);
    }

    static boolean selects(JsonNode policy, JsonNode podLabels) {
        JsonNode match = policy.path("spec").path("podSelector").path("matchLabels");
        if (match.isMissingNode() || match.isEmpty()) {
            return false; // a namespace-wide policy is not what these ports get
        }
        var it = match.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (!e.getValue().asText().equals(podLabels.path(e.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }

    static boolean allowsPort(JsonNode policy, int port) {
        for (JsonNode rule : policy.path("spec").path("ingress")) {
            for (JsonNode p : rule.path("ports")) {
                if (p.path("port").asInt() == port) {
                    return true;
                }
            }
        }
        return false;
    }
}
