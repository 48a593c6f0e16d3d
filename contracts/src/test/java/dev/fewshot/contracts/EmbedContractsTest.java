package dev.fewshot.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmbedContractsTest {

    @Test
    void embedRequestRoundTripsWithDefaults() {
        String json = "{\"version\":1,\"dataset_id\":\"imagenet\",\"split\":\"train\","
                + "\"layout\":{\"type\":\"class-folders\",\"params\":{\"root\":\"imagenet/train\"}}}";
        EmbedRequest r = EmbedRequest.parse(json).withDefaults();
        assertNotNull(r.requestId());
        assertEquals(Split.TRAIN, r.splitId());
        assertEquals("clip-vit-base-patch32", r.modelId());
        assertEquals(List.of(1, 2, 4, 8, 16), r.plan().shots());
        assertEquals(List.of(0L, 1L, 2L), r.plan().seeds());
        assertFalse(r.all());
        assertEquals(Map.of("root", "imagenet/train"), r.layout().params());
        assertEquals(r, EmbedRequest.parse(r.toJson()));
        assertTrue(r.toJson().contains("\"request_id\""), r.toJson());
    }

    @Test
    void badEmbedRequestsNameTheProblem() {
        assertTrue(assertThrows(InvalidMessageException.class, () -> EmbedRequest.parse("{\"version\":2}"))
                .getMessage().contains("version 2"));
        assertTrue(assertThrows(InvalidMessageException.class,
                () -> EmbedRequest.parse("{\"version\":1,\"dataset_id\":\"d\",\"split\":\"val\"}"))
                .getMessage().contains("split 'val'"));
        assertTrue(assertThrows(InvalidMessageException.class,
                () -> EmbedRequest.parse("{\"version\":1,\"dataset_id\":\"d\",\"split\":\"test\"}"))
                .getMessage().contains("no layout"));
        assertTrue(assertThrows(InvalidMessageException.class, () -> EmbedRequest.parse("not json"))
                .getMessage().contains("not valid JSON"));
        // The text split needs no layout.
        assertEquals(Split.TEXT, EmbedRequest.parse("{\"version\":1,\"dataset_id\":\"d\",\"split\":\"text\"}").splitId());
    }

    @Test
    void embedEventRoundTrip() {
        EmbedRequest r = EmbedRequest.parse("{\"version\":1,\"dataset_id\":\"d\",\"split\":\"text\"}").withDefaults();
        EmbedEvent e = EmbedEvent.itemFailed(r, "n01/x.jpg", "x.jpg: truncated JPEG", "2026-11-27T05:00:00Z");
        assertEquals(e, EmbedEvent.parse(e.toJson()));
        assertEquals(EmbedEvent.Type.completed,
                EmbedEvent.parse(EmbedEvent.of(r, EmbedEvent.Type.completed, 10, 2, 12, "t").toJson()).type());
        assertThrows(InvalidMessageException.class, () -> EmbedEvent.parse("{\"version\":1}"));
    }
}
