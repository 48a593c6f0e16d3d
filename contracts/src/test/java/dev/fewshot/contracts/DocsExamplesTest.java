package dev.fewshot.contracts;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every JSON example in docs/ is a test input: a ```json block is parsed with the contract of the section
 * it stands in (so a client that copies it is not dead-lettered), and any other code-block line that starts
 * with '{' must be valid JSON.
 */
class DocsExamplesTest {
    static final Path DOCS = Path.of("../docs");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void everyJsonBlockParsesWithItsContract() throws IOException {
        List<String> parsed = new ArrayList<>();
        for (Path doc : docs()) {
            String section = "";
            List<String> lines = Files.readAllLines(doc);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.startsWith("## ")) {
                    section = line.substring(3).trim();
                }
                if (!line.trim().startsWith("```json")) {
                    continue;
                }
                StringBuilder block = new StringBuilder();
                int start = i + 1;
                while (!lines.get(++i).trim().startsWith("```")) {
                    block.append(lines.get(i)).append('\n');
                }
                Consumer<String> contract = contract(doc, section);
                String where = doc.getFileName() + ":" + start + " (" + section + ")";
                for (JsonNode value : values(block.toString(), where)) {
                    String json = MAPPER.writeValueAsString(value);
                    assertDoesNotThrow(() -> contract.accept(json), where + ": " + json);
                    parsed.add(where);
                }
            }
        }
        assertTrue(parsed.size() >= 8, "expected the examples of docs/messages.md, found " + parsed);
    }

    @Test
    void otherJsonLinesInCodeBlocksAreValid() throws IOException {
        for (Path doc : docs()) {
            boolean inCode = false;
            int n = 0;
            for (String line : Files.readAllLines(doc)) {
                n++;
                if (line.trim().startsWith("```")) {
                    inCode = !inCode;
                    continue;
                }
                String t = line.trim();
                if (inCode && t.startsWith("{\"") && t.endsWith("}")) {
                    String where = doc.getFileName() + ":" + n;
                    assertDoesNotThrow(() -> MAPPER.readTree(t), where + " is not valid JSON: " + t);
                }
            }
        }
    }

    @Test
    void aContractRejectsWhatTheDocsSayIsRequired() {
        assertFalse(accepts(() -> RunEvent.parse("{\"version\": 1, \"run_id\": \"r\", \"type\": \"heads_trained\","
                + " \"k\": 4, \"seed\": 1}")), "heads_trained without head");
    }

    private static boolean accepts(Runnable r) {
        try {
            r.run();
            return true;
        } catch (InvalidMessageException e) {
            return false;
        }
    }

    /** The parser for a section's examples. */
    private static Consumer<String> contract(Path doc, String section) {
        if (section.startsWith("Run request")) {
            return RunRequest::parse;
        }
        if (section.startsWith("Run events")) {
            return RunEvent::parse;
        }
        if (section.startsWith("Embed request")) {
            return EmbedRequest::parse;
        }
        if (section.startsWith("Embed events")) {
            return EmbedEvent::parse;
        }
        if (section.startsWith("The plots JSON")) {
            return PlotsJson::parse;
        }
        throw new AssertionError(doc.getFileName() + ": a ```json block under '" + section
                + "', which has no contract here; add it to DocsExamplesTest");
    }

    /** One or more JSON values, one after another (a block may hold several messages). */
    private static List<JsonNode> values(String text, String where) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (JsonParser p = MAPPER.getFactory().createParser(text);
             MappingIterator<JsonNode> it = MAPPER.readValues(p, JsonNode.class)) {
            while (it.hasNext()) {
                out.add(it.next());
            }
        }
        assertFalse(out.isEmpty(), where + ": empty json block");
        return out;
    }

    private static List<Path> docs() throws IOException {
        try (Stream<Path> s = Files.list(DOCS)) {
            return s.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        }
    }
}
