package dev.fewshot.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The images the manifests run are the images deploy/build-images.sh builds (names, without registry and tag). */
class ImageNamesTest {
    @Test
    void manifestsUseTheImagesTheBuildScriptProduces() throws Exception {
        String script = Files.readString(Repo.root().resolve("deploy/build-images.sh"));
        Set<String> built = new TreeSet<>();
        Matcher m = Pattern.compile("\\]=(fewshot-[a-z-]+)").matcher(script);
        while (m.find()) {
            built.add(m.group(1));
        }
        Matcher cuda = Pattern.compile("/(fewshot-embedder-cuda):").matcher(script);
        assertTrue(cuda.find(), "build-images.sh builds the CUDA embedder");
        built.add(cuda.group(1));
        assertEquals(Set.of("fewshot-trainer", "fewshot-evaluator", "fewshot-embedder", "fewshot-embedder-cuda"), built);
        for (String overlay : new String[]{"dev", "gpu"}) {
            Set<String> used = new TreeSet<>();
            Matcher img = Pattern.compile("(?m)^\\s+image: (\\S+)$").matcher(Repo.kustomize(Repo.root().resolve("k8s/overlays/" + overlay)));
            while (img.find()) {
                String name = img.group(1).replaceAll(":[^/:]+$", "");
                name = name.substring(name.lastIndexOf('/') + 1);
                if (name.startsWith("fewshot-")) {
                    used.add(name);
                }
            }
            assertTrue(!used.isEmpty(), overlay);
            assertTrue(built.containsAll(used), overlay + " uses " + used + " but the build script makes " + built);
        }
    }
}
