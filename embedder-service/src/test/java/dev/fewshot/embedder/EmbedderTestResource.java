package dev.fewshot.embedder;

import dev.fewshot.contracts.Topics;
import dev.fewshot.embedding.Fixtures;
import dev.fewshot.embedding.testing.TestImages;
import dev.fewshot.service.testing.LocalStackResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Real Kafka and PostgreSQL on 127.0.0.1, the tiny CLIP model from fixtures/, and a data root with
 * generated images: {@code toy/train/<wnid>/} (4 classes × 6), {@code toy/test/<wnid>/} (4 × 3, plus
 * broken files in the first class) and {@code toy/classes.tsv}.
 */
public class EmbedderTestResource extends LocalStackResource {
    static final List<String> WNIDS = List.of("n01440764", "n01443537", "n01484850", "n01491361");
    private Path data;

    @Override
    public Map<String, String> start() {
        try {
            data = Files.createTempDirectory("fewshot-embedder-data");
            TestImages.classFolders(data.resolve("toy/train"), WNIDS, 6, 1);
            TestImages.classFolders(data.resolve("toy/test"), WNIDS, 3, 2);
            TestImages.brokenFiles(data.resolve("toy/test").resolve(WNIDS.get(0)));
            Files.writeString(data.resolve("toy/classes.tsv"), "wnid\tclip_name\n" + WNIDS.get(0) + "\ttench\n"
                    + WNIDS.get(1) + "\tgoldfish\n" + WNIDS.get(2) + "\tgreat white shark\n" + WNIDS.get(3) + "\ttiger shark\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return super.start();
    }

    @Override
    protected void createTopics() {
        createTopics(1, Topics.VECTORS, Topics.EMBED_REQUESTS, Topics.EMBED_EVENTS, Topics.DEAD_LETTERS);
    }

    @Override
    protected Map<String, String> config(Map<String, String> stackConfig) {
        Map<String, String> cfg = new HashMap<>(stackConfig);
        cfg.put("fewshot.embedder.model-dir", Fixtures.tinyClip().toString());
        cfg.put("fewshot.embedder.data-roots", data.toString());
        return cfg;
    }

    @Override
    public void stop() {
        super.stop();
        if (data != null) {
            try (Stream<Path> s = Files.walk(data)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp dir left behind is harmless
            }
        }
    }
}
