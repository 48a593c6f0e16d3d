package dev.fewshot.embedding.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fewshot.embedding.model.ModelDirectory;
import dev.fewshot.embedding.model.ModelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * CLIP's byte-level BPE from a LOCAL {@code tokenizer.json}, producing exactly what the text encoder
 * takes: 77 ids = {@code <|startoftext|>} + BPE + {@code <|endoftext|>}, truncated to 77 with the last id
 * forced to end-of-text (as {@code clip.tokenize(truncate=True)} and HF {@code truncation=True}),
 * padded with the HF pad token (end-of-text, 49407, unless special_tokens_map.json says otherwise).
 *
 * <p>DJL's tokenizer only does the BPE (no special tokens, no truncation, no padding); framing is done
 * here so that it matches OpenAI's reference ids exactly rather than depending on DJL's defaults.
 * {@code ai.djl.offline=true} is set unless the caller set it: DJL must never reach for the hub.
 */
public final class ClipTokenizer implements AutoCloseable {
    public static final int CONTEXT_LENGTH = 77;
    static final String SOT = "<|startoftext|>";
    static final String EOT = "<|endoftext|>";

    static {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
    }

    private final HuggingFaceTokenizer bpe;
    private final long sot;
    private final long eot;
    private final long pad;

    private ClipTokenizer(HuggingFaceTokenizer bpe, long sot, long eot, long pad) {
        this.bpe = bpe;
        this.sot = sot;
        this.eot = eot;
        this.pad = pad;
    }

    public static ClipTokenizer open(ModelDirectory dir) {
        return open(dir.tokenizer(), dir.specialTokensMap().orElse(null));
    }

    /**
     * @param tokenizerJson     a local tokenizer.json (never a hub name)
     * @param specialTokensMap  special_tokens_map.json naming the pad token, or null for {@code <|endoftext|>}
     */
    public static ClipTokenizer open(Path tokenizerJson, Path specialTokensMap) {
        if (!Files.isRegularFile(tokenizerJson)) {
            throw new ModelException("tokenizer file " + tokenizerJson.toAbsolutePath() + " does not exist");
        }
        String padToken = specialTokensMap == null ? EOT : padToken(specialTokensMap);
        JsonNode json = readJson(tokenizerJson);
        long sot = tokenId(json, SOT, tokenizerJson);
        long eot = tokenId(json, EOT, tokenizerJson);
        long pad = tokenId(json, padToken, tokenizerJson);
        HuggingFaceTokenizer bpe;
        try {
            bpe = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(tokenizerJson)
                    .optAddSpecialTokens(false)
                    .optTruncation(false)
                    .optPadding(false)
                    .build();
        } catch (IOException | RuntimeException e) {
            throw new ModelException("cannot load tokenizer " + tokenizerJson.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        return new ClipTokenizer(bpe, sot, eot, pad);
    }

    /** {@code pad_token} is either a string or an object with {@code content}; absent means end-of-text. */
    private static String padToken(Path specialTokensMap) {
        JsonNode pad = readJson(specialTokensMap).path("pad_token");
        if (pad.isTextual()) {
            return pad.asText();
        }
        return pad.path("content").isTextual() ? pad.path("content").asText() : EOT;
    }

    /**
     * A token's id as HF's convert_tokens_to_ids gives it: added tokens first, then the BPE vocabulary.
     * Encoding the token text instead would be wrong for vocabulary entries ("!" encodes as "!</w>").
     */
    private static long tokenId(JsonNode tokenizerJson, String token, Path file) {
        for (JsonNode added : tokenizerJson.path("added_tokens")) {
            if (token.equals(added.path("content").asText(null))) {
                return added.path("id").asLong();
            }
        }
        JsonNode id = tokenizerJson.path("model").path("vocab").get(token);
        if (id == null || !id.canConvertToLong()) {
            throw new ModelException("tokenizer " + file.toAbsolutePath() + " has no token " + token + "; not a CLIP tokenizer");
        }
        return id.asLong();
    }

    private static JsonNode readJson(Path file) {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new ModelException("cannot read " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /** Exactly {@value #CONTEXT_LENGTH} ids for one text. */
    public long[] encode(String text) {
        return frame(bpe.encode(text, false, false));
    }

    /** One row of {@value #CONTEXT_LENGTH} ids per text, in order. */
    public long[][] encode(List<String> texts) {
        if (texts.isEmpty()) {
            return new long[0][];
        }
        Encoding[] enc = bpe.batchEncode(texts, false, false);
        long[][] out = new long[enc.length][];
        for (int i = 0; i < enc.length; i++) {
            out[i] = frame(enc[i]);
        }
        return out;
    }

    private long[] frame(Encoding e) {
        long[] body = e.getIds();
        long[] out = new long[CONTEXT_LENGTH];
        Arrays.fill(out, pad);
        out[0] = sot;
        int n = Math.min(body.length, CONTEXT_LENGTH - 2);
        System.arraycopy(body, 0, out, 1, n);
        out[n + 1] = eot; // also the truncation rule: the 77th id is always end-of-text
        return out;
    }

    public long sotId() {
        return sot;
    }

    public long eotId() {
        return eot;
    }

    public long padId() {
        return pad;
    }

    @Override
    public void close() {
        bpe.close();
    }
}
