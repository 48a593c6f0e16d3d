package dev.fewshot.contracts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContractsTest {

    @Test
    void vectorBatchRoundTripIsBitExact() {
        float[] a = {1.5f, -0f, Float.MIN_VALUE};
        float[] b = {3f, 4f, -1e30f};
        VectorBatch batch = VectorBatch.of("clip-vit-base-patch32", "imagenet", Split.TRAIN, 3,
                List.of(new VectorBatch.Item("n01440764/x.JPEG", 0, a), new VectorBatch.Item("ü/2", 7, b)));
        VectorBatch back = VectorBatch.decode(batch.encode());
        assertEquals("imagenet/train", back.key());
        assertEquals(2, back.items().size());
        assertEquals("ü/2", back.items().get(1).itemId());
        assertEquals(7, back.items().get(1).label());
        for (int i = 0; i < 3; i++) {
            assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(back.items().get(0).vector()[i]));
        }
        assertArrayEquals(batch.encode(), back.encode());
        // 512-d vectors travel at 4 bytes a value plus a small per-item header.
        VectorBatch big = VectorBatch.of("m", "d", Split.TEST, 512,
                List.of(new VectorBatch.Item("1", 1, new float[512])));
        assertTrue(big.encode().length < 512 * 4 + 40);
    }

    @Test
    void publicationAndEmbedPlanRoundTripAndFormatOneIsStillRead() {
        VectorBatch.EndMarker end = new VectorBatch.EndMarker(20, 1,
                new VectorBatch.EmbedPlan(List.of(1, 16), List.of(0L, -7L)));
        VectorBatch back = VectorBatch.decode(VectorBatch.endOf("m", "d", "req-9", Split.TRAIN, 8, end).encode());
        assertEquals("req-9", back.publication());
        assertEquals(end, back.end());
        assertEquals(16, back.end().plan().maxShots());
        VectorBatch items = VectorBatch.decode(VectorBatch.of("m", "d", "req-9", Split.TEST, 2,
                List.of(new VectorBatch.Item("a", 0, new float[] {1, 2}))).encode());
        assertEquals("req-9", items.publication());
        // format 1, written by hand: magic, version 1, end marker, split, "m", "d", dim 4, counts 5 and 0
        java.nio.ByteBuffer v1 = java.nio.ByteBuffer.allocate(4 + 2 + 1 + 1 + 3 + 3 + 4 + 16)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        v1.put(new byte[] {'F', 'S', 'V', 'B'}).putShort((short) 1).put((byte) 2).put(Split.OOD.code())
                .putShort((short) 1).put((byte) 'm').putShort((short) 1).put((byte) 'd').putInt(4).putLong(5).putLong(0);
        VectorBatch old = VectorBatch.decode(v1.array());
        assertEquals("", old.publication());
        assertEquals(new VectorBatch.EndMarker(5, 0), old.end());
    }

    @Test
    void endMarkerCarriesBothCounts() {
        VectorBatch end = VectorBatch.decode(VectorBatch.endOf("m", "d", Split.OOD, 512, 2000, 3).encode());
        assertTrue(end.isEnd());
        assertEquals(2000, end.end().itemCount());
        assertEquals(3, end.end().failedCount());
    }

    @Test
    void damagedVectorRecordsAreInvalidMessages() {
        byte[] ok = VectorBatch.of("m", "d", Split.TEST, 2, List.of(new VectorBatch.Item("a", 1, new float[2]))).encode();
        assertThrows(InvalidMessageException.class, () -> VectorBatch.decode(Arrays.copyOf(ok, ok.length - 1)));
        assertThrows(InvalidMessageException.class, () -> VectorBatch.decode("hello".getBytes()));
        assertThrows(InvalidMessageException.class, () -> VectorBatch.decode(null));
        byte[] v3 = ok.clone();
        v3[4] = 3;
        InvalidMessageException e = assertThrows(InvalidMessageException.class, () -> VectorBatch.decode(v3));
        assertTrue(e.getMessage().contains("version 3"), e.getMessage());
    }

    @Test
    void runRequestDefaultsAndValidation() {
        RunRequest r = RunRequest.parse("{\"version\":1,\"dataset_id\":\"imagenet\",\"shots\":[1,16]}").withDefaults();
        assertNotNull(r.runId());
        assertEquals(List.of(1, 16), r.shots());
        assertEquals(List.of(0L, 1L, 2L), r.seeds());
        RunRequest back = RunRequest.parse(r.toJson());
        assertEquals(r, back);
        assertTrue(r.toJson().contains("\"dataset_id\":\"imagenet\""), r.toJson());
        assertThrows(InvalidMessageException.class, () -> RunRequest.parse("{\"version\":9,\"dataset_id\":\"x\"}"));
        assertThrows(InvalidMessageException.class, () -> RunRequest.parse("{\"version\":1}"));
        assertThrows(InvalidMessageException.class, () -> RunRequest.parse("not json"));
    }

    @Test
    void runEventRoundTrip() {
        RunEvent e = RunEvent.failed("r1", "dataset 'x' has no train split", "2026-11-27T00:00:00Z");
        assertEquals(e, RunEvent.parse(e.toJson()));
        assertTrue(e.toJson().contains("\"type\":\"failed\""));
        assertThrows(InvalidMessageException.class, () -> RunEvent.parse("{\"version\":1}"));
    }
}
