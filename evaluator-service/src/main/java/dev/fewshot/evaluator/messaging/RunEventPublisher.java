package dev.fewshot.evaluator.messaging;

import dev.fewshot.contracts.RunEvent;
import dev.fewshot.contracts.Topics;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Publishes run events (key = run id) and waits for the broker's ack, so a caller can commit after it. */
@ApplicationScoped
public class RunEventPublisher {

    @Inject
    @Channel("run-events-out")
    MutinyEmitter<String> emitter;

    public void publish(RunEvent event) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Topics.HEADER_VERSION, Integer.toString(RunEvent.VERSION).getBytes(StandardCharsets.UTF_8));
        OutgoingKafkaRecordMetadata<String> meta = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(event.runId()).withHeaders(headers).build();
        emitter.sendMessageAndAwait(Message.of(event.toJson()).addMetadata(meta));
    }
}
