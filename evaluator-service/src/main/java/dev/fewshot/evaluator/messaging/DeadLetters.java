package dev.fewshot.evaluator.messaging;

import dev.fewshot.contracts.Topics;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Sends a message that cannot be handled to the dead-letter topic: the original key and bytes,
 * its original headers, plus the reason ({@code fewshot-error}) and where it came from.
 */
@ApplicationScoped
public class DeadLetters {
    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    static final String HEADER_SOURCE_PARTITION = "fewshot-source-partition";
    static final String HEADER_SOURCE_OFFSET = "fewshot-source-offset";

    @Inject
    @Channel("dead-letters")
    MutinyEmitter<byte[]> emitter;

    public void send(ConsumerRecord<String, byte[]> record, String reason) {
        LOG.warnf("dead-lettering %s-%d@%d (key %s): %s", record.topic(), record.partition(), record.offset(),
                record.key(), reason);
        RecordHeaders headers = new RecordHeaders();
        for (Header h : record.headers()) {
            headers.add(h);
        }
        headers.add(Topics.HEADER_ERROR, utf8(reason));
        headers.add(Topics.HEADER_SOURCE_TOPIC, utf8(record.topic()));
        headers.add(HEADER_SOURCE_PARTITION, utf8(Integer.toString(record.partition())));
        headers.add(HEADER_SOURCE_OFFSET, utf8(Long.toString(record.offset())));
        OutgoingKafkaRecordMetadata<String> meta = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(record.key()).withHeaders(headers).build();
        byte[] value = record.value() == null ? new byte[0] : record.value();
        emitter.sendMessageAndAwait(Message.of(value).addMetadata(meta));
    }

    private static byte[] utf8(String s) {
        return (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
    }
}
