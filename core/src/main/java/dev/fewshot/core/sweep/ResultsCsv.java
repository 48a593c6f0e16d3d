package dev.fewshot.core.sweep;

import java.util.List;
import java.util.Map;

/**
 * Result rows as CSV ({@link ResultRow#COLUMNS}): a header line of the field names, then one line per row; null
 * is an empty field. The evaluator's {@code ?format=csv} and {@code fewshot results --format csv} both write this.
 */
public final class ResultsCsv {
    private ResultsCsv() {
    }

    /** Rows given as {@link ResultRow#fields()} maps, in the order given. */
    public static String write(List<Map<String, Object>> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.join(",", ResultRow.COLUMNS)).append('\n');
        for (Map<String, Object> row : rows) {
            for (int i = 0; i < ResultRow.COLUMNS.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(field(row.get(ResultRow.COLUMNS.get(i))));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Doubles print as Java's shortest round-trip form, so a CSV value parses back to the stored bits. */
    private static String field(Object v) {
        if (v == null) {
            return "";
        }
        String s = v.toString();
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
