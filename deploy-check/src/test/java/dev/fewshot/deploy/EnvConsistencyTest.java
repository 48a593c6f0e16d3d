package dev.fewshot.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Consistency check 2: every environment variable a service's container gets (env, and every key of the
 * ConfigMaps it loads with envFrom) is a property that service reads, matched the way Quarkus matches them
 * (canonical form: non-alphanumerics to '_', upper case), or one of a short list of variables read by Quarkus
 * itself, the JVM or DJL.
 */
class EnvConsistencyTest {
    static final List<String> OVERLAYS = Repo.OVERLAYS;

    static final Set<String> ALLOWED = Set.of(
            "KAFKA_BOOTSTRAP_SERVERS",
            "QUARKUS_DATASOURCE_USERNAME",
            "QUARKUS_DATASOURCE_PASSWORD",
            "QUARKUS_DATASOURCE_JDBC_URL",
            "QUARKUS_HTTP_HOST",
            "QUARKUS_PROFILE",
            "JAVA_OPTS_APPEND",
            "JAVA_TOOL_OPTIONS",
            "DJL_CACHE_DIR",
            "DJL_OFFLINE");

    static final Pattern ENV_NAME = Pattern.compile("[A-Z_][A-Z0-9_]*");

    /** container -> env variable -> where it came from. */
    static Map<String, String> containerEnv(List<ObjectNode> docs, JsonNode container) {
        Map<String, String> env = new TreeMap<>();
        for (JsonNode from : container.path("envFrom")) {
            if (from.has("configMapRef")) {
                String cm = from.path("configMapRef").path("name").asText();
                ObjectNode map = Repo.named(docs, "ConfigMap", cm);
                map.path("data").fieldNames().forEachRemaining(k -> env.put(k, "ConfigMap " + cm));
            }
            if (from.has("secretRef")) {
                String s = from.path("secretRef").path("name").asText();
                throw new AssertionError("envFrom secretRef " + s + ": list the keys explicitly (secretKeyRef)"
                        + " so that they can be checked");
            }
        }
        for (JsonNode e : container.path("env")) {
            env.put(e.path("name").asText(), "env");
        }
        return env;
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyVariableIsAPropertyTheServiceReads(String overlay) {
        List<ObjectNode> docs = Repo.render(overlay);
        List<String> errors = new ArrayList<>();
        int checked = 0;
        for (ObjectNode d : Repo.ofKind(docs, "Deployment")) {
            String module = Repo.SERVICES.get(Repo.name(d));
            assertTrue(module != null, "Deployment " + Repo.name(d) + " is not a known service (Repo.SERVICES)");
            Set<String> canonicalProps = new TreeSet<>();
            Repo.propertyNames(module).forEach(p -> canonicalProps.add(Repo.canonical(p)));
            for (JsonNode c : d.path("spec").path("template").path("spec").path("containers")) {
                for (Map.Entry<String, String> e : containerEnv(docs, c).entrySet()) {
                    String var = e.getKey();
                    checked++;
                    if (!ENV_NAME.matcher(var).matches()) {
                        errors.add(Repo.name(d) + ": " + var + " (" + e.getValue() + ") is not an upper-case env name");
                    } else if (!ALLOWED.contains(var) && !canonicalProps.contains(var)) {
                        errors.add(Repo.name(d) + ": " + var + " (" + e.getValue() + ") matches no property in "
                                + module + "/src/main/resources/application.properties");
                    }
                }
            }
        }
        assertEquals(List.of(), errors);
        assertTrue(checked > 20, "only " + checked + " variables checked");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void credentialsComeFromTheOperatorSecret(String overlay) {
        List<ObjectNode> docs = Repo.render(overlay);
        assertTrue(Repo.ofKind(docs, "Secret").isEmpty(), "no Secret in the manifests");
        for (ObjectNode d : Repo.ofKind(docs, "Deployment")) {
            JsonNode c = d.path("spec").path("template").path("spec").path("containers").get(0);
            for (String var : List.of("QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD")) {
                JsonNode ref = null;
                for (JsonNode e : c.path("env")) {
                    if (e.path("name").asText().equals(var)) {
                        ref = e.path("valueFrom").path("secretKeyRef");
                    }
                }
                assertFalse(ref == null || ref.isMissingNode(), Repo.name(d) + ": " + var + " from a secretKeyRef");
                assertEquals("fewshot-db-app", ref.path("name").asText(), Repo.name(d) + " " + var);
            }
        }
        for (ObjectNode cm : Repo.ofKind(docs, "ConfigMap")) {
            cm.path("data").fieldNames().forEachRemaining(k -> assertFalse(
                    k.contains("PASSWORD") || k.contains("TOKEN"), cm + " holds a credential: " + k));
        }
    }
}
