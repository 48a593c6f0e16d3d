package dev.fewshot.trainer.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.fewshot.contracts.RunRequest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** A request without run_id must get the same id when it is redelivered, or it would be trained twice. */
class RunIdTest {
    static final RunRequest NO_ID = RunRequest.parse("{\"version\": 1, \"dataset_id\": \"d\"}");

    @Test
    void keepsAnExplicitRunId() {
        RunRequest r = RunRequest.parse("{\"version\": 1, \"run_id\": \"r1\", \"dataset_id\": \"d\"}");
        assertEquals("r1", RunRequestConsumer.withRunId(r, new ConsumerRecord<>("t", 0, 5, "key", new byte[0])).runId());
    }

    @Test
    void takesTheRecordKeyWhenThereIsNoRunId() {
        assertEquals("key", RunRequestConsumer.withRunId(NO_ID, new ConsumerRecord<>("t", 0, 5, "key", new byte[0])).runId());
    }

    @Test
    void derivesAStableIdFromTheRecordPositionWithoutKey() {
        String a = RunRequestConsumer.withRunId(NO_ID, new ConsumerRecord<>("t", 0, 5, null, new byte[0])).runId();
        String again = RunRequestConsumer.withRunId(NO_ID, new ConsumerRecord<>("t", 0, 5, null, new byte[0])).runId();
        String other = RunRequestConsumer.withRunId(NO_ID, new ConsumerRecord<>("t", 0, 6, null, new byte[0])).runId();
        assertEquals(a, again);
        assertNotEquals(a, other);
    }
}
