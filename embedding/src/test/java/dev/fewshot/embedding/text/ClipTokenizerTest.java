package dev.fewshot.embedding.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fewshot.embedding.Fixtures;
import dev.fewshot.embedding.model.ModelDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against ids from OpenAI's own clip/simple_tokenizer.py (fixtures/tiny-clip/reference-ids.json). */
class ClipTokenizerTest {
    private static final JsonNode REF = Fixtures.json(Fixtures.tinyClip().resolve("reference-ids.json"));

    @Test
    void everyReferenceEntryGivesItsInputIds() {
        try (ClipTokenizer tok = ClipTokenizer.open(ModelDirectory.open(Fixtures.tinyClip()))) {
            assertEquals(49406, tok.sotId());
            assertEquals(49407, tok.eotId());
            assertEquals(49407, tok.padId());
            List<String> texts = new ArrayList<>();
            List<long[]> expected = new ArrayList<>();
            int truncated = 0;
            for (JsonNode e : REF.get("entries")) {
                texts.add(e.get("text").asText());
                expected.add(Fixtures.longs(e.get("input_ids")));
                truncated += e.get("truncated").asBoolean() ? 1 : 0;
                long[] ids = tok.encode(e.get("text").asText());
                assertEquals(ClipTokenizer.CONTEXT_LENGTH, ids.length);
                assertArrayEquals(Fixtures.longs(e.get("input_ids")), ids, e.get("text").asText());
            }
            assertTrue(truncated > 0, "the fixture should include a truncated prompt");
            assertArrayEquals(expected.toArray(new long[0][]), tok.encode(texts), "batch encode");
        }
    }

    @Test
    void worksOfflineFromACopiedModelDirAndReadsThePadToken(@TempDir Path tmp) throws Exception {
        assertEquals("true", System.getProperty("ai.djl.offline"));
        Files.copy(Fixtures.tinyClip().resolve("tokenizer.json"), tmp.resolve("tokenizer.json"));
        // "!" is id 0: padding with it reproduces clip.tokenize(), which pads with 0.
        Files.writeString(tmp.resolve("special_tokens_map.json"), "{\"pad_token\": {\"content\": \"!\"}}");
        Files.writeString(tmp.resolve("vision_model.onnx"), "unused");
        Files.writeString(tmp.resolve("text_model.onnx"), "unused");
        try (ClipTokenizer tok = ClipTokenizer.open(ModelDirectory.open(tmp, "copy"))) {
            assertEquals(0, tok.padId());
            for (JsonNode e : REF.get("entries")) {
                assertArrayEquals(Fixtures.longs(e.get("openai_clip_tokenize")), tok.encode(e.get("text").asText()),
                        e.get("text").asText());
            }
        }
    }
}
