package dev.fewshot.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * The one JSON mapping of the contracts: snake_case fields, unknown fields tolerated (forward compatible). Reading
 * is strict about everything else: the bytes must be UTF-8, the document one JSON object, and no string may hold a
 * NUL (PostgreSQL's text and jsonb cannot store it, so it would fail far from here, on every retry).
 */
public final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            // 1.7 is not an int, "3" is not a number, null is not 0: a mistyped field is an error, not a guess
            .configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
            .configure(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS, false);

    private Json() {
    }

    static String write(Object o) {
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + o, e);
        }
    }

    /**
     * A record's bytes as text; anything that is not UTF-8 is an invalid message (Java's own decoding would replace
     * it with U+FFFD silently). Null bytes (a tombstone) give null.
     */
    public static String utf8(byte[] bytes, String what) {
        if (bytes == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidMessageException(what + " is not valid UTF-8 (" + e.getMessage() + ")");
        }
    }

    static <T> T read(String json, Class<T> type, String what) {
        if (json == null || json.isBlank()) {
            throw new InvalidMessageException(what + " is empty");
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidMessageException(what + " is not valid JSON: " + e.getOriginalMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidMessageException(what + " must be a JSON object, got "
                    + (tree == null ? "nothing" : tree.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
        }
        String nul = findNul(tree, "");
        if (nul != null) {
            throw new InvalidMessageException(what + " has a NUL character in " + nul);
        }
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw new InvalidMessageException(what + " does not match its schema: " + e.getOriginalMessage()
                    + fieldPath(e));
        } catch (IllegalArgumentException e) {
            throw new InvalidMessageException(what + " does not match its schema: " + e.getMessage());
        }
    }

    private static String fieldPath(JsonProcessingException e) {
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()) {
            StringBuilder sb = new StringBuilder(" (at ");
            for (com.fasterxml.jackson.databind.JsonMappingException.Reference r : m.getPath()) {
                sb.append(r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]");
            }
            return sb.append(')').toString();
        }
        return "";
    }

    /** The path of the first field name or string value holding U+0000, or null. */
    private static String findNul(JsonNode node, String path) {
        if (node.isTextual()) {
            return node.textValue().indexOf('\0') >= 0 ? (path.isEmpty() ? "the document" : path) : null;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                String p = path + "." + f.getKey();
                if (f.getKey().indexOf('\0') >= 0) {
                    return "a field name";
                }
                String found = findNul(f.getValue(), p);
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = findNul(node.get(i), path + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
