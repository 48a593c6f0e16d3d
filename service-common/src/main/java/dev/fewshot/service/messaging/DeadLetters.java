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
 * which every service configures), the one convention of all services: original key, bytes and headers, the reason
 * in {@code fewshot-error} and where it came from in {@code fewshot-source-topic/-partition/-offset}, each also
 * under SmallRye's own {@code dead-letter-*} name, so tools that read either find them.
 * A failed send is thrown as the emitter threw it: what a failure means (retry, stop) is the caller's call.
 */
@ApplicationScoped
public class DeadLetters {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(DeadLetters.class);
    @Inject
    @Channel("dead-letters")
    MutinyEmitter<byte[]> emitter;

    /** Reasons are cut to this many characters: a header, not a copy of the (possibly huge) input. */
    public static final int MAX_REASON = 2000;

    public void send(ConsumerRecord<String, byte[]> record, String reason) {
        String why = abbreviate(reason);
        LOG.warnf("dead-lettering %s-%d@%d (key %s): %s", record.topic(), record.partition(), record.offset(),
                record.key() == null ? null : abbreviate(record.key()), why);
        RecordHeaders headers = new RecordHeaders();
        for (org.apache.kafka.common.header.Header h : record.headers()) {
            headers.add(h);
        }
        add(headers, Topics.HEADER_ERROR, "dead-letter-reason", why);
        add(headers, Topics.HEADER_SOURCE_TOPIC, "dead-letter-topic", record.topic());
        add(headers, Topics.HEADER_SOURCE_PARTITION, "dead-letter-partition", Integer.toString(record.partition()));
        add(headers, Topics.HEADER_SOURCE_OFFSET, "dead-letter-offset", Long.toString(record.offset()));
        forward(record, headers);
    }

    private static void add(RecordHeaders headers, String name, String smallryeName, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        headers.add(name, bytes);
        headers.add(smallryeName, bytes);
    }

    public static String abbreviate(String reason) {
        String r = reason == null ? "no reason given" : reason;
        return r.length() <= MAX_REASON ? r : r.substring(0, MAX_REASON) + "... (" + r.length() + " characters)";
    }

    /** The record's key and bytes (none: empty) with the given headers; for a service with its own header set. */
    public void forward(ConsumerRecord<String, byte[]> record, Headers headers) {
        byte[] value = record.value() == null ? new byte[0] : record.value();
        emitter.sendMessageAndAwait(Message.of(value)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(record.key()).withHeaders(headers).build()));
    }
}
