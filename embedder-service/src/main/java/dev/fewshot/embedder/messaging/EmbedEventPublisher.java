package dev.fewshot.embedder.messaging;

import dev.fewshot.contracts.EmbedEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Publishes embed events (key = request id) and waits for the broker's ack. */
@ApplicationScoped
public class EmbedEventPublisher {
    @Inject
    @Channel("embed-events")
    MutinyEmitter<String> emitter;

    public void publish(EmbedEvent event) {
        emitter.sendMessageAndAwait(Message.of(event.toJson())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(event.requestId()).build()));
    }
}
