package dev.fewshot.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every parser of every consumer topic answers every input with a message or an {@link InvalidMessageException}
 * naming the problem, never another exception: generated hostile records (random bytes, byte mutations and
 * truncations of valid messages, JSON of the wrong type, NUL, invalid UTF-8, huge arrays) and the regressions of
 * issue 12's table.
 */
class HostileMessagesTest {

    static final String RUN = "{\"version\":1,\"run_id\":\"r1\",\"dataset_id\":\"demo\",\"shots\":[0,1,2],"
            + "\"seeds\":[0,1],\"heads\":[\"prototype\",\"linear\"],\"ood_scores\":[\"msp\",\"maxcos\"],"
            + "\"options\":{\"linear_c\":10.0,\"gaussian_shrinkage\":\"auto\",\"linear_max_iter\":100}}";
    static final String EVENT = "{\"version\":1,\"run_id\":\"r1\",\"type\":\"heads_trained\",\"k\":1,\"seed\":0,"
            + "\"head\":\"prototype\",\"done\":1,\"total\":4,\"at\":\"2026-01-01T00:00:00Z\"}";
    static final String EMBED = "{\"version\":1,\"request_id\":\"e1\",\"dataset_id\":\"demo\",\"split\":\"train\","
            + "\"layout\":{\"type\":\"class-folders\",\"params\":{\"root\":\"train\"}},\"plan\":{\"shots\":[1,2],"
            + "\"seeds\":[0]}}";

    @Test
    void jsonOfTheWrongShapeIsAnInvalidMessage() {
        for (String bad : List.of("null", "[]", "[1,2]", "42", "-1e999", "\"a string\"", "true", "{", "}", "",
                "   ", "{\"version\":1,\"dataset_id\":null}", "{\"version\":\"1\",\"dataset_id\":\"d\"}",
                "{\"version\":1.5,\"dataset_id\":\"d\"}", "{\"version\":1,\"dataset_id\":[\"d\"]}",
                "{\"version\":1,\"dataset_id\":\"d\",\"shots\":\"1,2\"}", "{\"version\":1,\"dataset_id\":\"d\",\"shots\":[1.5]}",
                "{\"version\":1,\"dataset_id\":\"d\",\"shots\":[\"1\"]}", "{\"version\":1,\"dataset_id\":\"d\",\"seeds\":[1e30]}",
                "{\"version\":1,\"dataset_id\":\"d\",\"options\":[]}", "{\"version\":1,\"dataset_id\":\"a\\u0000b\"}",
                "{\"version\":1,\"dataset_id\":\"d\",\"heads\":[\"proto\\u0000type\"]}",
                "{\"version\":1,\"dataset_id\":\"d\",\"x\\u0000\":1}", "{\"version\":1,\"dataset_id\":\"a\\nb\"}",
                "{\"version\":1,\"dataset_id\":\" d\"}", "{\"version\":1,\"dataset_id\":\"" + "d".repeat(201) + "\"}",
                "{\"version\":1,\"dataset_id\":\"d\",\"run_id\":\"\"}")) {
            for (Function<String, ?> parser : parsers()) {
                InvalidMessageException e = assertThrows(InvalidMessageException.class, () -> parser.apply(bad), bad);
                assertTrue(!e.getMessage().isBlank());
            }
        }
    }

    @Test
    void issueTwelveRegressions() {
        InvalidMessageException nul = assertThrows(InvalidMessageException.class,
                () -> RunRequest.parse("{\"version\":1,\"dataset_id\":\"a\\u0000b\"}"));
        assertTrue(nul.getMessage().contains("NUL") && nul.getMessage().contains("dataset_id"), nul.getMessage());
        InvalidMessageException isNull = assertThrows(InvalidMessageException.class, () -> RunRequest.parse("null"));
        assertTrue(isNull.getMessage().contains("JSON object"), isNull.getMessage());
        assertThrows(InvalidMessageException.class, () -> RunRequest.parse(new byte[] {'{', (byte) 0xC3, '}'}));
        RunRequest dup = RunRequest.parse("{\"version\":1,\"dataset_id\":\"d\",\"shots\":[1,1,0,1],\"seeds\":[3,3],"
                + "\"heads\":[\"linear\",\"linear\"]}");
        assertEquals(List.of(1, 0), dup.shots());
        assertEquals(List.of(3L), dup.seeds());
        assertEquals(List.of("linear"), dup.heads());
        // 700 KB of shots: read, deduplicated, and left to the sweep config's bounds
        StringBuilder huge = new StringBuilder("{\"version\":1,\"dataset_id\":\"d\",\"shots\":[");
        for (int i = 0; i < 360_000; i++) {
            huge.append(i % 7).append(',');
        }
        huge.append("1]}");
        assertTrue(huge.length() > 700_000);
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), RunRequest.parse(huge.toString()).shots());
    }

    @Test
    void nonFiniteAndInconsistentVectorBatchesAreInvalid() {
        VectorBatch ok = VectorBatch.of("m", "d", Split.TRAIN, 3, List.of(new VectorBatch.Item("a", 1, new float[3])));
        byte[] bytes = ok.encode();
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            byte[] b = bytes.clone();
            int at = b.length - 4;
            int bits = Float.floatToRawIntBits(bad);
            for (int i = 0; i < 4; i++) {
                b[at + i] = (byte) (bits >>> (8 * i));
            }
            InvalidMessageException e = assertThrows(InvalidMessageException.class, () -> VectorBatch.decode(b));
            assertTrue(e.getMessage().contains("dimension 2"), e.getMessage());
        }
        // a count that disagrees with the size, both ways
        int countAt = bytes.length - (2 + 1 + 4 + 12) - 4;
        for (int n : new int[] {2, 0, -1, Integer.MAX_VALUE}) {
            byte[] b = bytes.clone();
            for (int i = 0; i < 4; i++) {
                b[countAt + i] = (byte) (n >>> (8 * i));
            }
            assertThrows(InvalidMessageException.class, () -> VectorBatch.decode(b), "count " + n);
        }
    }

    /** 3,000 mutations of valid messages and 3,000 random byte strings per parser: only InvalidMessageException. */
    @Test
    void mutatedAndRandomRecordsNeverEscapeAsOtherExceptions() {
        Random rnd = new Random(12);
        List<byte[]> seeds = List.of(RUN.getBytes(StandardCharsets.UTF_8), EVENT.getBytes(StandardCharsets.UTF_8),
                EMBED.getBytes(StandardCharsets.UTF_8),
                VectorBatch.of("m", "d", Split.TRAIN, 4, List.of(new VectorBatch.Item("a", 1, new float[] {1, 2, 3, 4}),
                        new VectorBatch.Item("b", -1, new float[4]))).encode(),
                VectorBatch.endOf("m", "d", Split.OOD, 4, 10, 1).encode());
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < 6000; i++) {
            byte[] input = i % 2 == 0 ? mutate(seeds.get(rnd.nextInt(seeds.size())), rnd) : random(rnd);
            for (Function<byte[], ?> parser : byteParsers()) {
                try {
                    parser.apply(input);
                    accepted++;
                } catch (InvalidMessageException e) {
                    refused++;
                } catch (RuntimeException | StackOverflowError e) {
                    fail("input " + i + " (" + new String(input, StandardCharsets.ISO_8859_1) + ") escaped as " + e, e);
                }
            }
        }
        assertTrue(refused > 20_000 && accepted > 0, accepted + " accepted, " + refused + " refused");
    }

    static byte[] mutate(byte[] valid, Random rnd) {
        byte[] b = valid.clone();
        switch (rnd.nextInt(5)) {
            case 0 -> b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
            case 1 -> b = java.util.Arrays.copyOf(b, rnd.nextInt(b.length));
            case 2 -> {
                for (int j = 0; j < 1 + rnd.nextInt(8); j++) {
                    b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
            }
            case 3 -> {
                String[] boundary = {"0", "-1", "2147483648", "-9223372036854775809", "1e400", "null", "\"\"",
                        "[]", "{}", "\"\\u0000\"", "\"\\ud800\"", "9".repeat(400)};
                String s = new String(b, StandardCharsets.ISO_8859_1);
                int colon = s.indexOf(':', rnd.nextInt(Math.max(1, s.length())));
                if (colon > 0) {
                    int end = s.indexOf(',', colon);
                    s = s.substring(0, colon + 1) + boundary[rnd.nextInt(boundary.length)]
                            + (end > 0 ? s.substring(end) : "}");
                }
                b = s.getBytes(StandardCharsets.ISO_8859_1);
            }
            default -> {
                byte[] longer = java.util.Arrays.copyOf(b, b.length + 1 + rnd.nextInt(16));
                for (int j = b.length; j < longer.length; j++) {
                    longer[j] = (byte) rnd.nextInt(256);
                }
                b = longer;
            }
        }
        return b;
    }

    static byte[] random(Random rnd) {
        byte[] b = new byte[rnd.nextInt(300)];
        rnd.nextBytes(b);
        if (b.length > 4 && rnd.nextBoolean()) {
            b[0] = 'F'; // past the magic, into the header checks
            b[1] = 'S';
            b[2] = 'V';
            b[3] = 'B';
            if (b.length > 6) {
                b[4] = 1;
                b[5] = 0;
            }
        }
        return b;
    }

    static List<Function<String, ?>> parsers() {
        List<Function<String, ?>> out = new ArrayList<>();
        out.add(RunRequest::parse);
        out.add(EmbedRequest::parse);
        out.add(RunEvent::parse);
        return out;
    }

    static List<Function<byte[], ?>> byteParsers() {
        List<Function<byte[], ?>> out = new ArrayList<>();
        out.add(RunRequest::parse);
        out.add(EmbedRequest::parse);
        out.add(RunEvent::parse);
        out.add(EmbedEvent::parse);
        out.add(VectorBatch::decode);
        return out;
    }
}
