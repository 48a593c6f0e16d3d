package dev.fewshot.service.messaging;

import dev.fewshot.contracts.Topics;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Forwards a message that cannot be handled to the dead-letter topic (outgoing channel {@code dead-letters},
 * which every service configures): original key and bytes, the reason in {@code fewshot-error} (and in
 * SmallRye's own {@code dead-letter-reason}, so tools that read either find it) and where it came from.
 * A failed send is thrown as the emitter threw it: what a failure means (retry, stop) is the caller's call.
 */
@ApplicationScoped
public class DeadLetters {
    @Inject
    @Channel("dead-letters")
    MutinyEmitter<byte[]> emitter;

    public void send(ConsumerRecord<String, byte[]> record, String reason) {
        RecordHeaders headers = new RecordHeaders();
        byte[] why = reason.getBytes(StandardCharsets.UTF_8);
        headers.add(Topics.HEADER_ERROR, why);
        headers.add("dead-letter-reason", why);
        headers.add(Topics.HEADER_SOURCE_TOPIC, record.topic().getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-partition", Integer.toString(record.partition()).getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-offset", Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8));
        forward(record, headers);
    }

    /** The record's key and bytes (none: empty) with the given headers; for a service with its own header set. */
    public void forward(ConsumerRecord<String, byte[]> record, Headers headers) {
        byte[] value = record.value() == null ? new byte[0] : record.value();
        emitter.sendMessageAndAwait(Message.of(value)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(record.key()).withHeaders(headers).build()));
    }
}
