package dev.fewshot.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Every rendered object is of a kind we know: core kinds deserialise into their fabric8 classes with no unknown
 * field (a misspelled field lands in a model's additionalProperties, which must stay empty); custom resources are
 * validated against their CRD's openAPIV3Schema.
 */
class ManifestTypesTest {
    static final List<String> OVERLAYS = Repo.OVERLAYS;

    static final Map<String, Class<?>> CORE = Map.of(
            "v1 Namespace", Namespace.class,
            "v1 ConfigMap", ConfigMap.class,
            "v1 Service", Service.class,
            "v1 PersistentVolumeClaim", PersistentVolumeClaim.class,
            "apps/v1 Deployment", Deployment.class,
            "batch/v1 Job", Job.class,
            "networking.k8s.io/v1 NetworkPolicy", NetworkPolicy.class,
            "policy/v1 PodDisruptionBudget", PodDisruptionBudget.class);

    /** Custom resources (apiVersion + kind); each must have its CRD under crds/ or be listed in STRUCTURAL_ONLY. */
    static final Set<String> CUSTOM = Set.of(
            "kafka.strimzi.io/v1beta2 Kafka",
            "kafka.strimzi.io/v1beta2 KafkaNodePool",
            "kafka.strimzi.io/v1beta2 KafkaTopic",
            "postgresql.cnpg.io/v1 Cluster",
            "keda.sh/v1alpha1 ScaledObject",
            "monitoring.coreos.com/v1 ServiceMonitor");

    static final CrdSchemas CRDS = CrdSchemas.load();

    static String type(JsonNode doc) {
        return doc.path("apiVersion").asText() + " " + doc.path("kind").asText();
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyObjectHasAKnownType(String overlay) {
        List<String> errors = new ArrayList<>();
        for (ObjectNode doc : Repo.render(overlay)) {
            String t = type(doc);
            if (!CORE.containsKey(t) && !CUSTOM.contains(t)) {
                errors.add(Repo.id(doc) + ": unexpected type " + t + " (add it to ManifestTypesTest)");
            }
            if (Repo.name(doc).isEmpty()) {
                errors.add(t + ": no metadata.name");
            }
        }
        assertEquals(List.of(), errors);
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void coreKindsDeserialiseIntoTypedClassesWithoutUnknownFields(String overlay) throws Exception {
        List<String> errors = new ArrayList<>();
        int typed = 0;
        for (ObjectNode doc : Repo.render(overlay)) {
            Class<?> cls = CORE.get(type(doc));
            if (cls == null) {
                continue;
            }
            errors.addAll(typedProblems(doc, cls));
            typed++;
        }
        assertEquals(List.of(), errors);
        assertTrue(typed >= 20, "only " + typed + " core objects in " + overlay);
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void customResourcesMatchTheirCrdSchemas(String overlay) throws Exception {
        List<String> errors = new ArrayList<>();
        for (ObjectNode doc : Repo.render(overlay)) {
            String t = type(doc);
            if (!CUSTOM.contains(t)) {
                continue;
            }
            // metadata is ObjectMeta whatever the kind.
            errors.addAll(typedProblems((ObjectNode) doc.get("metadata"), ObjectMeta.class).stream()
                    .map(e -> Repo.id(doc) + " metadata " + e).toList());
            assertInstanceOf(GenericKubernetesResource.class,
                    Serialization.unmarshal(Repo.YAML.writeValueAsString(doc)));
            if (CRDS.has(doc.path("apiVersion").asText(), doc.path("kind").asText())) {
                CRDS.validate(doc).forEach(e -> errors.add(Repo.id(doc) + " " + e));
            } else {
                errors.addAll(structural(doc));
            }
        }
        assertEquals(List.of(), errors);
    }

    /** The run and embed request Job templates in k8s/jobs/ (not part of any overlay). */
    @Test
    void requestJobTemplatesAreTypedJobs() throws Exception {
        for (String f : List.of("k8s/jobs/run-request-job.yaml", "k8s/jobs/embed-request-job.yaml")) {
            List<ObjectNode> docs = Repo.parseDocuments(Repo.read(f));
            assertEquals(1, docs.size(), f);
            assertEquals(List.of(), typedProblems(docs.get(0), Job.class), f);
            assertEquals("fewshot", docs.get(0).path("metadata").path("namespace").asText(), f);
        }
    }

    /** The validators themselves: a misspelled field must be reported by each. */
    @Test
    void validatorsRejectMisspelledFields() throws Exception {
        ObjectNode deployment = Repo.named(Repo.render("dev"), "Deployment", "fewshot-trainer").deepCopy();
        ((ObjectNode) deployment.path("spec").path("template").path("spec").path("containers").get(0))
                .put("imagePullPolisy", "Always");
        assertFalse(typedProblems(deployment, Deployment.class).isEmpty());

        ObjectNode topic = Repo.named(Repo.render("dev"), "KafkaTopic", "fewshot.vectors").deepCopy();
        if (CRDS.has(topic.path("apiVersion").asText(), "KafkaTopic")) {
            assertEquals(List.of(), CRDS.validate(topic));
            ObjectNode misspelled = topic.deepCopy();
            ((ObjectNode) misspelled.get("spec")).put("partition", 3);
            assertTrue(CRDS.validate(misspelled).stream().anyMatch(e -> e.contains("$.spec.partition")),
                    CRDS.validate(misspelled).toString());
            ObjectNode wrongType = topic.deepCopy();
            ((ObjectNode) wrongType.get("spec")).put("partitions", "six");
            assertFalse(CRDS.validate(wrongType).isEmpty());
            // spec.config preserves unknown fields (any topic config key is allowed).
            ObjectNode config = topic.deepCopy();
            ((ObjectNode) config.path("spec").path("config")).put("segment.ms", 1000);
            assertEquals(List.of(), CRDS.validate(config));
        }
    }

    /** Core objects: typed class, no field outside the model anywhere in the tree. */
    static List<String> typedProblems(ObjectNode doc, Class<?> cls) throws Exception {
        Object typed = Serialization.unmarshal(Repo.YAML.writeValueAsString(doc), cls);
        List<String> errors = new ArrayList<>();
        if (!cls.isInstance(typed)) {
            errors.add(Repo.id(doc) + ": parsed as " + typed.getClass().getName() + ", not " + cls.getName());
            return errors;
        }
        unknownFields(typed, Repo.id(doc), errors);
        return errors;
    }

    static void unknownFields(Object o, String path, List<String> errors) throws Exception {
        if (o == null) {
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                unknownFields(e, path + "[" + i++ + "]", errors);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                unknownFields(e.getValue(), path + "." + e.getKey(), errors);
            }
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        try {
            Method m = o.getClass().getMethod("getAdditionalProperties");
            Object extra = m.invoke(o);
            if (extra instanceof Map<?, ?> map && !map.isEmpty()) {
                errors.add(path + ": unknown field(s) " + new TreeSet<>(map.keySet().stream().map(String::valueOf)
                        .toList()) + " for " + o.getClass().getSimpleName());
            }
        } catch (NoSuchMethodException ignored) {
            // a model class without additionalProperties (e.g. Quantity, IntOrString)
        }
        for (Class<?> c = o.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.getName().equals("additionalProperties")) {
                    continue;
                }
                f.setAccessible(true);
                unknownFields(f.get(o), path + "." + f.getName(), errors);
            }
        }
    }

    /** For a custom resource whose CRD is not shipped: the shape every custom resource has. */
    static List<String> structural(ObjectNode doc) {
        List<String> errors = new ArrayList<>();
        for (String top : iterable(doc.fieldNames())) {
            if (!Set.of("apiVersion", "kind", "metadata", "spec").contains(top)) {
                errors.add(Repo.id(doc) + ": unexpected top-level field " + top);
            }
        }
        if (!doc.path("spec").isObject() || doc.path("spec").isEmpty()) {
            errors.add(Repo.id(doc) + ": no spec");
        }
        return errors;
    }

    static <T> Iterable<T> iterable(java.util.Iterator<T> it) {
        return () -> it;
    }

    static void fail(String m) {
        org.junit.jupiter.api.Assertions.fail(m);
    }
}
