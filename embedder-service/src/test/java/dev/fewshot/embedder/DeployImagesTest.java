package dev.fewshot.embedder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Checks the container build files (deploy/docker, deploy/build-images.sh, .dockerignore) and the native build
 * configuration without Docker or GraalVM, neither of which exists on the CI machine. Plain JUnit: runs in the
 * normal test phase, i.e. BEFORE Quarkus packages target/quarkus-app, so the fast-jar paths the Dockerfiles copy
 * are checked against Quarkus' fast-jar layout rather than on disk (and on disk too when a build left them).
 */
class DeployImagesTest {

    static final List<String> SERVICES = List.of("trainer-service", "evaluator-service", "embedder-service");
    static final List<String> DOCKERFILES = List.of("Dockerfile.jvm", "Dockerfile.native", "Dockerfile.embedder-cuda");
    /** What a Quarkus fast-jar directory holds (quarkus.package.jar.type=fast-jar, the default). */
    static final Pattern FAST_JAR_ENTRY = Pattern.compile("(lib|app|quarkus)/?|\\*\\.jar|quarkus-run\\.jar");
    /**
     * COPY sources under a module's build directory: <module>/target/<fast-jar directory>/<entry>, where the
     * directory is quarkus-app or the quarkus.package.output-directory build-images.sh passes.
     */
    static final Pattern TARGET_SOURCE = Pattern.compile("([a-z-]+)/target/([a-z0-9-]+)/(.*)");

    static Path root;

    @BeforeAll
    static void findRepositoryRoot() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null && !(Files.isDirectory(dir.resolve("deploy")) && Files.isRegularFile(dir.resolve("pom.xml")))) {
            dir = dir.getParent();
        }
        assertNotNull(dir, "no directory with deploy/ and pom.xml above " + System.getProperty("user.dir"));
        root = dir;
    }

    /** COPY instructions of a Dockerfile: flags dropped, line continuations joined; sources + destination. */
    static List<List<String>> copies(String dockerfile) throws IOException {
        String text = Files.readString(root.resolve("deploy/docker").resolve(dockerfile)).replaceAll("\\\\\\r?\\n", " ");
        List<List<String>> out = new ArrayList<>();
        for (String line : text.split("\\r?\\n")) {
            String t = line.strip();
            if (!t.regionMatches(true, 0, "COPY ", 0, 5)) {
                continue;
            }
            List<String> words = new ArrayList<>(List.of(t.substring(5).strip().split("\\s+")));
            if (words.stream().anyMatch(w -> w.startsWith("--from="))) {
                continue; // from another stage or image, not from the build context
            }
            words.removeIf(w -> w.startsWith("--"));
            assertTrue(words.size() >= 2, dockerfile + ": COPY needs a source and a destination: " + t);
            out.add(words);
        }
        return out;
    }

    static String arg(String dockerfile, String name) throws IOException {
        Matcher m = Pattern.compile("(?m)^ARG " + name + "=(\\S+)")
                .matcher(Files.readString(root.resolve("deploy/docker").resolve(dockerfile)));
        return m.find() ? m.group(1) : null;
    }

    @Test
    void everyCopySourceFromTheBuildContextExists() throws IOException {
        for (String dockerfile : DOCKERFILES) {
            List<List<String>> copies = copies(dockerfile);
            assertFalse(copies.isEmpty(), dockerfile + " copies nothing from the build context");
            List<String> services = Files.readString(root.resolve("deploy/docker").resolve(dockerfile)).contains("${SERVICE}")
                    ? SERVICES : List.of("");
            for (List<String> copy : copies) {
                for (String source : copy.subList(0, copy.size() - 1)) {
                    for (String service : services) {
                        checkSource(dockerfile, source.replace("${SERVICE}", service));
                    }
                }
            }
        }
    }

    private static void checkSource(String dockerfile, String source) throws IOException {
        assertFalse(source.contains("${"), dockerfile + ": unresolved variable in COPY source " + source);
        Matcher m = TARGET_SOURCE.matcher(source);
        if (!m.matches()) {
            assertFalse(source.contains("/target/"), dockerfile + ": copies a build output that is not a fast-jar: " + source);
            assertTrue(Files.exists(root.resolve(source)), dockerfile + ": COPY source " + source + " does not exist");
            return;
        }
        String module = m.group(1);
        String outputDirectory = m.group(2);
        String entry = m.group(3);
        assertTrue(Files.isRegularFile(root.resolve(module).resolve("pom.xml")), dockerfile + ": no module " + module);
        assertTrue(FAST_JAR_ENTRY.matcher(entry).matches(), dockerfile + ": " + entry + " is not part of a fast-jar");
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(root.resolve(module).resolve("src/main/resources/application.properties"))) {
            props.load(in);
        }
        String type = props.getProperty("quarkus.package.jar.type", "fast-jar");
        assertEquals("fast-jar", type, module + " is not packaged as a fast-jar, but " + dockerfile + " copies one");
        if (!outputDirectory.equals("quarkus-app")) {
            // A non-default output directory must be the one build-images.sh passes to Quarkus.
            assertTrue(Files.readString(root.resolve("deploy/build-images.sh")).contains("cuda_output_dir=" + outputDirectory),
                    dockerfile + " copies target/" + outputDirectory + ", which build-images.sh does not build");
        }
        // The build context must let it through.
        String base = module + "/target/" + outputDirectory;
        assertTrue(Files.readAllLines(root.resolve(".dockerignore")).stream().map(String::strip).anyMatch(("!" + base)::equals),
                ".dockerignore excludes " + base + ", which " + dockerfile + " copies");
        // When a package run left the fast-jar behind (mvn verify, a second build), check it on disk too.
        Path app = root.resolve(base);
        if (Files.isRegularFile(app.resolve("quarkus-run.jar"))) {
            for (String d : List.of("lib", "app", "quarkus")) {
                assertTrue(Files.isDirectory(app.resolve(d)), app.resolve(d) + " missing from the fast-jar");
            }
        }
    }

    @Test
    void dockerfilesRunAsNonRootAndKeepWritesInTmp() throws IOException {
        for (String dockerfile : DOCKERFILES) {
            String text = Files.readString(root.resolve("deploy/docker").resolve(dockerfile));
            Matcher users = Pattern.compile("(?m)^USER (\\S+)").matcher(text);
            String last = null;
            while (users.find()) {
                last = users.group(1);
            }
            assertEquals("185", last, dockerfile + " must end as the non-root user 185");
            assertTrue(text.contains("DJL_CACHE_DIR=/tmp/djl"), dockerfile);
            assertTrue(text.contains("DJL_OFFLINE=true"), dockerfile);
            assertTrue(text.contains("java.io.tmpdir=/tmp"), dockerfile);
            assertTrue(text.contains("EXPOSE ${PORT}"), dockerfile);
        }
        assertTrue(Files.readString(root.resolve("deploy/docker/Dockerfile.embedder-cuda"))
                .contains("FEWSHOT_EMBEDDER_EXECUTION_PROVIDER=cuda"));
    }

    @Test
    void dryRunPrintsADockerBuildPerImage() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("deploy/build-images.sh").toString(), "--dry-run")
                .directory(root.toFile())
                .redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("REGISTRY", "registry.example.com/fewshot");
        env.put("TAG", "t1");
        env.put("VARIANT", "all");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "build-images.sh --dry-run did not finish");
        assertEquals(0, p.exitValue(), out);

        Map<String, String> images = Map.of("trainer-service", "fewshot-trainer", "evaluator-service", "fewshot-evaluator",
                "embedder-service", "fewshot-embedder");
        for (String service : SERVICES) {
            String image = "registry.example.com/fewshot/" + images.get(service);
            assertTrue(out.lines().anyMatch(l -> l.startsWith("docker build -f deploy/docker/Dockerfile.jvm")
                    && l.contains("SERVICE=" + service) && l.contains("-t " + image + ":t1 .")), out);
            assertTrue(out.lines().anyMatch(l -> l.startsWith("docker build -f deploy/docker/Dockerfile.native")
                    && l.contains("SERVICE=" + service) && l.contains("-t " + image + ":t1-native .")), out);
            assertTrue(out.lines().anyMatch(l -> l.equals("docker push " + image + ":t1")), out);
        }
        assertTrue(out.lines().anyMatch(l -> l.startsWith("docker build -f deploy/docker/Dockerfile.embedder-cuda")
                && l.endsWith("-t registry.example.com/fewshot/fewshot-embedder-cuda:t1 .")), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("mvn -B package -DskipTests -Pcuda -pl embedder-service -am")), out);
        assertEquals(7, out.lines().filter(l -> l.startsWith("docker build ")).count(), out);

        // Without REGISTRY it refuses to run.
        ProcessBuilder noRegistry = new ProcessBuilder("bash", root.resolve("deploy/build-images.sh").toString(), "--dry-run")
                .directory(root.toFile()).redirectErrorStream(true);
        noRegistry.environment().remove("REGISTRY");
        Process q = noRegistry.start();
        q.getInputStream().readAllBytes();
        assertTrue(q.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, q.exitValue());
    }

    @Test
    void parentPomHasTheNativeProfile() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(root.resolve("pom.xml").toFile());
        NodeList profiles = pom.getElementsByTagName("profile");
        for (int i = 0; i < profiles.getLength(); i++) {
            Element profile = (Element) profiles.item(i);
            if ("native".equals(text(profile, "id"))) {
                assertEquals("true", text(profile, "quarkus.native.enabled"));
                assertEquals("false", text(profile, "quarkus.package.jar.enabled"));
                return;
            }
        }
        fail("no <profile><id>native</id> in the parent pom");
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().strip();
    }

    /** Every resource glob of the native block matches something on this (the embedder's) class path. */
    @Test
    void nativeResourceIncludesExistOnTheClassPath() throws IOException {
        ClassLoader cl = getClass().getClassLoader();
        for (String resource : List.of(
                "dev/fewshot/embedding/data/imagenet-classes.tsv",
                "db/migration/V1__schema.sql",
                "ai/onnxruntime/native/linux-x64/libonnxruntime.so",
                "ai/onnxruntime/native/linux-x64/libonnxruntime4j_jni.so",
                "native/lib/tokenizers.properties",
                "native/lib/linux-x86_64/cpu/libtokenizers.so",
                "ai/djl/engine/api.properties")) {
            assertNotNull(cl.getResource(resource), resource + " is not on the embedder's class path");
        }
        for (String service : SERVICES) {
            Properties props = new Properties();
            try (InputStream in = Files.newInputStream(root.resolve(service).resolve("src/main/resources/application.properties"))) {
                props.load(in);
            }
            String includes = props.getProperty("quarkus.native.resources.includes");
            assertNotNull(includes, service + " has no quarkus.native.resources.includes");
            assertTrue(includes.contains("db/migration/**"), service);
            assertTrue(includes.contains("ai/onnxruntime/native/linux-x64/**"), service);
            String args = props.getProperty("quarkus.native.additional-build-args");
            assertNotNull(args, service);
            assertTrue(args.startsWith("--initialize-at-run-time=ai.onnxruntime"), service);
        }
    }

    /** The JNI configuration names classes and constructors that exist in the ORT and DJL jars we ship. */
    @Test
    void jniConfigMatchesTheLibraries() throws Exception {
        for (String service : SERVICES) {
            Path config = root.resolve(service)
                    .resolve("src/main/resources/META-INF/native-image/dev.fewshot/fewshot-" + service + "/jni-config.json");
            assertTrue(Files.isRegularFile(config), config.toString());
            JsonNode entries = new ObjectMapper().readTree(config.toFile());
            assertTrue(entries.isArray() && entries.size() > 0, config.toString());
            if (!service.equals("embedder-service")) {
                continue; // ORT entries are the same as the embedder's, checked below; DJL is not on their class path
            }
            for (JsonNode entry : entries) {
                Class<?> type = Class.forName(entry.get("name").asText(), false, getClass().getClassLoader());
                for (JsonNode method : entry.path("methods")) {
                    assertEquals("<init>", method.get("name").asText());
                    List<Class<?>> params = new ArrayList<>();
                    for (JsonNode p : method.get("parameterTypes")) {
                        params.add(typeOf(p.asText()));
                    }
                    type.getDeclaredConstructor(params.toArray(Class<?>[]::new)); // throws if it does not exist
                }
            }
        }
    }

    private Class<?> typeOf(String name) throws ClassNotFoundException {
        if (name.endsWith("[]")) {
            return Array.newInstance(typeOf(name.substring(0, name.length() - 2)), 0).getClass();
        }
        return switch (name) {
            case "int" -> int.class;
            case "long" -> long.class;
            default -> Class.forName(name, false, getClass().getClassLoader());
        };
    }

    @Test
    void nativeReflectionClassesExist() {
        for (String service : SERVICES) {
            String pkg = service.substring(0, service.indexOf('-'));
            Path source = root.resolve(service).resolve("src/main/java/dev/fewshot/" + pkg + "/NativeReflection.java");
            assertTrue(Files.isRegularFile(source), source.toString());
        }
        RegisterForReflectionCheck.check(NativeReflection.class);
    }

    /** Kept separate so that the annotation import does not leak into the other checks. */
    static final class RegisterForReflectionCheck {
        static void check(Class<?> c) {
            io.quarkus.runtime.annotations.RegisterForReflection r =
                    c.getAnnotation(io.quarkus.runtime.annotations.RegisterForReflection.class);
            assertNotNull(r, c + " is not annotated @RegisterForReflection");
            List<Class<?>> targets = List.of(r.targets());
            assertTrue(targets.contains(dev.fewshot.contracts.EmbedRequest.class));
            assertTrue(targets.contains(dev.fewshot.contracts.EmbedRequest.Layout.class));
            assertTrue(targets.contains(dev.fewshot.contracts.EmbedRequest.Plan.class));
            assertTrue(targets.contains(dev.fewshot.contracts.EmbedEvent.class));
        }
    }
}
