package dev.fewshot.service.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Malformed records for the consumer fuzz tests of every service: random bytes, byte flips, truncations and
 * extensions of valid messages, field values swapped for boundary values, JSON of the wrong type, NUL and invalid
 * UTF-8. Deterministic for a seed; each record is keyed {@code prefix + index}, so its outcome can be found again.
 */
public final class HostileRecords {
    private static final String[] BOUNDARY = {"0", "-1", "2147483648", "-9223372036854775809", "1e400", "null",
        "\"\"", "[]", "{}", "\"\\u0000\"", "\"\\ud800\"", "[1,1,1]", "[-5]", "[100000]", "\"" + "x".repeat(300) + "\"",
        "9".repeat(400), "true", "[null]"};
    private static final String[] WHOLE = {"null", "[]", "[{}]", "42", "\"run\"", "true", "{}", "{\"version\":1}"};

    private HostileRecords() {
    }

    /** {@code n} keyed hostile records derived from {@code valid} messages. */
    public static List<Map.Entry<String, byte[]>> generate(String prefix, int n, long seed, List<String> valid) {
        Random rnd = new Random(seed);
        List<Map.Entry<String, byte[]>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] base = valid.get(rnd.nextInt(valid.size())).getBytes(StandardCharsets.UTF_8);
            byte[] value = switch (i % 8) {
                case 0 -> random(rnd);
                case 1 -> WHOLE[rnd.nextInt(WHOLE.length)].getBytes(StandardCharsets.UTF_8);
                case 2 -> Arrays.copyOf(base, rnd.nextInt(base.length));
                case 3 -> flip(base, rnd);
                case 4 -> invalidUtf8(base, rnd);
                default -> boundary(base, rnd);
            };
            out.add(Map.entry(prefix + i, value));
        }
        return out;
    }

    static byte[] random(Random rnd) {
        byte[] b = new byte[rnd.nextInt(400)];
        rnd.nextBytes(b);
        return b;
    }

    static byte[] flip(byte[] base, Random rnd) {
        byte[] b = base.clone();
        for (int j = 0; j < 1 + rnd.nextInt(6); j++) {
            b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
        }
        return b;
    }

    static byte[] invalidUtf8(byte[] base, Random rnd) {
        byte[] b = base.clone();
        b[1 + rnd.nextInt(b.length - 2)] = (byte) (0x80 + rnd.nextInt(0x40)); // a lone continuation byte
        return b;
    }

    /** One field's value replaced by a boundary value. */
    static byte[] boundary(byte[] base, Random rnd) {
        String s = new String(base, StandardCharsets.UTF_8);
        int colon = s.indexOf(':', rnd.nextInt(s.length()));
        if (colon < 0) {
            colon = s.indexOf(':');
        }
        int end = nextValueEnd(s, colon + 1);
        String v = BOUNDARY[rnd.nextInt(BOUNDARY.length)];
        return (s.substring(0, colon + 1) + v + s.substring(end)).getBytes(StandardCharsets.UTF_8);
    }

    /** The end of the JSON value starting at {@code from} (strings, arrays and objects skipped whole). */
    private static int nextValueEnd(String s, int from) {
        int depth = 0;
        boolean inString = false;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '[' || c == '{') {
                depth++;
            } else if (c == ']' || c == '}') {
                if (depth == 0) {
                    return i;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                return i;
            }
        }
        return s.length();
    }
}
