package dev.fewshot.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Consistency check 5: the HTTP port of each Deployment, its probes, its Service and the ServiceMonitor agree
 * with the service's quarkus.http.port (the %prod value when there is one).
 */
class PortConsistencyTest {
    static final List<String> OVERLAYS = Repo.OVERLAYS;

    /** A probe's or Service's port: a number, or the name of a container port. */
    static int resolve(JsonNode port, JsonNode container) {
        if (port.isInt()) {
            return port.asInt();
        }
        for (JsonNode p : container.path("ports")) {
            if (p.path("name").asText().equals(port.asText())) {
                return p.path("containerPort").asInt();
            }
        }
        throw new AssertionError("no container port named " + port.asText());
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void portsMatchQuarkusHttpPort(String overlay) {
        List<ObjectNode> docs = Repo.render(overlay);
        for (ObjectNode d : Repo.ofKind(docs, "Deployment")) {
            String module = Repo.SERVICES.get(Repo.name(d));
            int expected = Integer.parseInt(Repo.prodValue(module, "quarkus.http.port"));
            JsonNode c = d.path("spec").path("template").path("spec").path("containers").get(0);
            String where = overlay + " " + Repo.id(d);
            assertEquals(expected, resolve(com.fasterxml.jackson.databind.node.TextNode.valueOf("http"), c),
                    where + ": container port http vs " + module + " quarkus.http.port");
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                JsonNode get = c.path(probe).path("httpGet");
                assertTrue(get.isObject(), where + " has no " + probe);
                assertEquals(expected, resolve(get.path("port"), c), where + " " + probe + " port");
                assertTrue(get.path("path").asText().startsWith("/q/health/"), where + " " + probe + " path");
            }
            ObjectNode svc = Repo.named(docs, "Service", Repo.name(d));
            JsonNode sp = svc.path("spec").path("ports").get(0);
            assertEquals(expected, sp.path("port").asInt(), where + ": Service port");
            assertEquals(expected, resolve(sp.path("targetPort"), c), where + ": Service targetPort");
            assertEquals("http", sp.path("name").asText(), where + ": Service port name (the ServiceMonitor's)");
            JsonNode selector = svc.path("spec").path("selector");
            selector.fields().forEachRemaining(e -> assertEquals(e.getValue().asText(),
                    d.path("spec").path("template").path("metadata").path("labels").path(e.getKey()).asText(),
                    where + ": Service selector " + e.getKey()));
        }
        ObjectNode sm = Repo.ofKind(docs, "ServiceMonitor").get(0);
        JsonNode ep = sm.path("spec").path("endpoints").get(0);
        assertEquals("http", ep.path("port").asText(), "ServiceMonitor port");
        assertEquals("/q/metrics", ep.path("path").asText(), "ServiceMonitor path");
    }
}
