package dev.fewshot.cli.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fewshot.core.sweep.ResultRow;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Result rows as JSON lines, the shape shared with the services. Written to a temporary file and
 * moved into place, so a failed run never leaves partial results.
 */
public final class JsonLines {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonLines() {
    }

    public static ObjectNode toJson(ResultRow r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("head", r.head());
        o.put("k", r.k());
        o.put("seed", r.seed());
        o.put("ood_score", r.oodScore());
        o.put("accuracy", r.accuracy());
        o.put("auroc", r.auroc());
        o.put("fpr95", r.fpr95());
        o.put("aupr_in", r.auprIn());
        o.put("aupr_out", r.auprOut());
        o.put("ece", r.ece());
        o.put("conf_id", r.confId());
        o.put("conf_ood", r.confOod());
        if (Double.isNaN(r.hyper())) {
            o.putNull("hyper");
        } else {
            o.put("hyper", r.hyper());
        }
        o.put("support_size", r.supportSize());
        o.put("short_classes", r.shortClasses());
        o.put("fit_ms", r.fitMs());
        o.put("score_ms", r.scoreMs());
        return o;
    }

    public static void write(Path out, List<ResultRow> rows) throws IOException {
        Path dir = out.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".results-", ".tmp");
        try {
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                for (ResultRow r : rows) {
                    w.write(MAPPER.writeValueAsString(toJson(r)));
                    w.newLine();
                }
            }
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
