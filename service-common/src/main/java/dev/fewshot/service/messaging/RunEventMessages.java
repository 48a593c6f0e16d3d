package dev.fewshot.service.messaging;

import dev.fewshot.contracts.RunEvent;
import dev.fewshot.contracts.Topics;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Run events as Kafka messages: the event's JSON, keyed by run id so one run's events stay in order on one
 * partition. Not a bean: the trainer and the evaluator publish on differently named channels (the evaluator
 * also consumes {@code run-events}), so each keeps its own publisher and shares only this.
 */
public final class RunEventMessages {
    private RunEventMessages() {
    }

    /** The event keyed by run id, no headers (what the trainer publishes). */
    public static Message<String> keyed(RunEvent event) {
        return Message.of(event.toJson())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(event.runId()).build());
    }

    /** The event keyed by run id with the contract version in {@code fewshot-version} (what the evaluator publishes). */
    public static Message<String> keyedWithVersion(RunEvent event) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Topics.HEADER_VERSION, Integer.toString(RunEvent.VERSION).getBytes(StandardCharsets.UTF_8));
        return Message.of(event.toJson())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(event.runId()).withHeaders(headers).build());
    }
}
