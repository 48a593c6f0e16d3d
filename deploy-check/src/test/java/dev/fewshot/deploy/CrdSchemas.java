package dev.fewshot.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The openAPIV3Schema of every CRD version under src/test/resources/crds/, and a validator that does what the API
 * server does with a custom resource: JSON-schema checks (types, required, enums, bounds, patterns; networknt,
 * draft 4, unknown keywords such as x-kubernetes-* ignored) plus the structural-schema pruning check, which
 * rejects any field the schema does not declare (the API server would silently drop it).
 */
final class CrdSchemas {
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);

    /** "group/version Kind" -> schema. */
    private final Map<String, JsonNode> schemas = new HashMap<>();
    private final Map<String, JsonSchema> compiled = new HashMap<>();

    static CrdSchemas load() {
        CrdSchemas s = new CrdSchemas();
        URL dir = CrdSchemas.class.getResource("/crds");
        if (dir == null) {
            fail("no crds/ on the test class path");
        }
        try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    for (ObjectNode doc : Repo.parseDocuments(new String(in.readAllBytes(),
                            java.nio.charset.StandardCharsets.UTF_8))) {
                        s.add(f.getFileName().toString(), doc);
                    }
                }
            }
        } catch (IOException | URISyntaxException e) {
            fail("cannot read the CRDs: " + e);
        }
        return s;
    }

    private void add(String file, ObjectNode crd) {
        if (!"CustomResourceDefinition".equals(crd.path("kind").asText())) {
            fail(file + " is not a CustomResourceDefinition");
        }
        String group = crd.path("spec").path("group").asText();
        String kind = crd.path("spec").path("names").path("kind").asText();
        for (JsonNode v : crd.path("spec").path("versions")) {
            JsonNode schema = v.path("schema").path("openAPIV3Schema");
            if (schema.isMissingNode()) {
                schema = crd.path("spec").path("validation").path("openAPIV3Schema");
            }
            if (schema.isMissingNode()) {
                fail(file + ": version " + v.path("name").asText() + " has no openAPIV3Schema");
            }
            schemas.put(group + "/" + v.path("name").asText() + " " + kind, schema);
        }
    }

    boolean has(String apiVersion, String kind) {
        return schemas.containsKey(apiVersion + " " + kind);
    }

    java.util.Set<String> known() {
        return new java.util.TreeSet<>(schemas.keySet());
    }

    /** Every problem with the object, as "path: message"; empty when valid. */
    List<String> validate(JsonNode obj) {
        String key = obj.path("apiVersion").asText() + " " + obj.path("kind").asText();
        JsonNode schema = schemas.get(key);
        if (schema == null) {
            return List.of("no CRD schema for " + key);
        }
        List<String> errors = new ArrayList<>();
        JsonSchema js = compiled.computeIfAbsent(key, k -> {
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                    .formatAssertionsEnabled(false) // int32, int64, date-time...: Kubernetes checks few formats
                    .build();
            return FACTORY.getSchema(schema, config);
        });
        for (ValidationMessage m : js.validate(obj)) {
            errors.add(m.getInstanceLocation() + ": " + m.getMessage());
        }
        // metadata is the API server's ObjectMeta, not the CRD's to describe; the fabric8 model checks it.
        ObjectNode withoutMeta = obj.deepCopy();
        withoutMeta.remove("metadata");
        unknownFields(withoutMeta, schema, "$", errors);
        return errors;
    }

    /** The structural-schema pruning check: fields the schema does not declare. */
    static void unknownFields(JsonNode value, JsonNode schema, String path, List<String> errors) {
        if (schema == null || schema.isMissingNode()) {
            return;
        }
        if (schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)
                && !schema.has("properties")) {
            return;
        }
        if (value.isObject()) {
            Map<String, JsonNode> props = new HashMap<>();
            collectProperties(schema, props);
            JsonNode additional = schema.get("additionalProperties");
            boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                String p = path + "." + f.getKey();
                JsonNode fs = props.get(f.getKey());
                if (fs != null) {
                    unknownFields(f.getValue(), fs, p, errors);
                } else if (additional != null && additional.isObject()) {
                    unknownFields(f.getValue(), additional, p, errors);
                } else if (!(preserve || (additional != null && additional.asBoolean(false)))) {
                    errors.add(p + ": unknown field (not in the CRD schema; the API server would prune it)");
                }
            }
        } else if (value.isArray()) {
            JsonNode items = schema.get("items");
            for (int i = 0; i < value.size(); i++) {
                unknownFields(value.get(i), items, path + "[" + i + "]", errors);
            }
        }
    }

    private static void collectProperties(JsonNode schema, Map<String, JsonNode> props) {
        schema.path("properties").fields().forEachRemaining(e -> props.putIfAbsent(e.getKey(), e.getValue()));
        for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
            for (JsonNode branch : schema.path(combinator)) {
                collectProperties(branch, props);
            }
        }
    }
}
