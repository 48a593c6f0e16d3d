package dev.fewshot.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The repository checkout: its root, rendered overlays and the services' configuration. */
final class Repo {
    static final List<String> OVERLAYS = List.of("dev", "gpu");

    /** Deployment name -> Maven module of the service it runs. */
    static final Map<String, String> SERVICES = Map.of(
            "fewshot-trainer", "trainer-service",
            "fewshot-evaluator", "evaluator-service",
            "fewshot-embedder", "embedder-service");

    static final YAMLMapper YAML = new YAMLMapper();
    private static final Map<String, List<ObjectNode>> RENDERED = new ConcurrentHashMap<>();
    private static Path root;

    private Repo() {
    }

    /** Walks up from user.dir to the directory holding k8s/ and the parent pom. */
    static synchronized Path root() {
        if (root == null) {
            Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
            for (Path d = dir; d != null; d = d.getParent()) {
                if (Files.isDirectory(d.resolve("k8s/base")) && Files.isRegularFile(d.resolve("pom.xml"))) {
                    root = d;
                    break;
                }
            }
            if (root == null) {
                fail("no repository root (a directory with k8s/base and pom.xml) above " + dir);
            }
        }
        return root;
    }

    /** The objects of `kubectl kustomize k8s/overlays/NAME`, one per YAML document. */
    static List<ObjectNode> render(String overlay) {
        return RENDERED.computeIfAbsent(overlay, o -> parseDocuments(kustomize(root().resolve("k8s/overlays/" + o))));
    }

    static String kustomize(Path dir) {
        Tools.require(Tools.onPath("kubectl"), "kubectl is not on PATH: these checks render the overlays with "
                + "`kubectl kustomize` (install kubectl v1.27 or later; .ci/run installs it)");
        ProcessBuilder pb = new ProcessBuilder("kubectl", "kustomize", dir.toString()).redirectErrorStream(false);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return fail("kubectl is not on PATH (" + e.getMessage() + "). These checks render the overlays with "
                    + "`kubectl kustomize`: install kubectl (v1.27 or later; .ci/run installs it) and run again.");
        }
        try (InputStream out = p.getInputStream(); InputStream err = p.getErrorStream()) {
            // kustomize output is small; read stderr after stdout ends.
            String text = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            String errors = new String(err.readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return fail("kubectl kustomize " + dir + " did not finish in 60 s");
            }
            if (p.exitValue() != 0) {
                return fail("kubectl kustomize " + dir + " failed (exit " + p.exitValue() + "):\n" + errors);
            }
            return text;
        } catch (IOException | InterruptedException e) {
            return fail("kubectl kustomize " + dir + ": " + e);
        }
    }

    static List<ObjectNode> parseDocuments(String yaml) {
        List<ObjectNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(new StringReader(yaml))) {
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n == null || n.isNull() || n.isMissingNode()) {
                    continue;
                }
                if (!n.isObject()) {
                    fail("a YAML document is not an object: " + n);
                }
                docs.add((ObjectNode) n);
            }
        } catch (IOException e) {
            fail("rendered YAML does not parse: " + e);
        }
        return docs;
    }

    static List<ObjectNode> ofKind(List<ObjectNode> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    static ObjectNode named(List<ObjectNode> docs, String kind, String name) {
        return ofKind(docs, kind).stream().filter(d -> name.equals(name(d))).findFirst()
                .orElseGet(() -> fail("no " + kind + " named " + name));
    }

    static String name(JsonNode doc) {
        return doc.path("metadata").path("name").asText();
    }

    static String id(JsonNode doc) {
        return doc.path("kind").asText() + "/" + name(doc);
    }

    static String read(String relative) {
        try {
            return Files.readString(root().resolve(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return fail("cannot read " + relative + ": " + e);
        }
    }

    /**
     * A service's application.properties as written: keys keep their profile prefix (%prod.x). Order is kept.
     */
    static Map<String, String> rawProperties(String module) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(read(module + "/src/main/resources/application.properties")));
        } catch (IOException e) {
            fail(e.toString());
        }
        Map<String, String> m = new LinkedHashMap<>();
        p.stringPropertyNames().stream().sorted().forEach(k -> m.put(k, p.getProperty(k)));
        return m;
    }

    private static final Pattern TOPIC_CONSTANT = Pattern.compile(
            "public static final String (\\w+) = \"([^\"]+)\";");

    /**
     * fewshot.topics.* as the services see them when application.properties does not set them: contracts' Topics
     * constants (read from its source, as service-common's TopicDefaults publishes them), header names left out.
     */
    static Map<String, String> contractTopics() {
        Map<String, String> m = new LinkedHashMap<>();
        Matcher c = TOPIC_CONSTANT.matcher(read("contracts/src/main/java/dev/fewshot/contracts/Topics.java"));
        while (c.find()) {
            if (!c.group(1).startsWith("HEADER_")) {
                m.put("fewshot.topics." + c.group(1).toLowerCase(java.util.Locale.ROOT).replace('_', '-'), c.group(2));
            }
        }
        return m;
    }

    /** Property names without profile prefixes (any profile). */
    static java.util.Set<String> propertyNames(String module) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (String k : rawProperties(module).keySet()) {
            names.add(k.startsWith("%") ? k.substring(k.indexOf('.') + 1) : k);
        }
        return names;
    }

    /** The value the prod profile sees: %prod.key if set, else key; ${...} references resolved. */
    static String prodValue(String module, String key) {
        Map<String, String> raw = rawProperties(module);
        String v = raw.containsKey("%prod." + key) ? raw.get("%prod." + key) : raw.get(key);
        return v == null ? null : resolve(raw, v, 0);
    }

    private static final Pattern REF = Pattern.compile("\\$\\{([^}:]+)(?::([^}]*))?}");

    static String resolve(Map<String, String> raw, String value, int depth) {
        if (depth > 10) {
            return fail("property reference loop at " + value);
        }
        Matcher m = REF.matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String key = m.group(1);
            String v = raw.containsKey("%prod." + key) ? raw.get("%prod." + key) : raw.get(key);
            if (v == null) {
                v = contractTopics().get(key); // service-common's TopicDefaults: the names in contracts' Topics
            }
            if (v == null) {
                v = m.group(2);
            }
            if (v == null) {
                return fail("unresolved ${" + key + "} in " + value);
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(resolve(raw, v, depth + 1)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Quarkus's canonical form for matching environment variables to properties. */
    static String canonical(String name) {
        return name.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
    }
}
