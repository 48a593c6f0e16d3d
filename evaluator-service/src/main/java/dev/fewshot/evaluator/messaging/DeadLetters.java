package dev.fewshot.evaluator.messaging;

import dev.fewshot.contracts.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;

/**
 * Sends a message that cannot be handled to the dead-letter topic: the original key and bytes,
 * its original headers, plus the reason ({@code fewshot-error}) and where it came from. The evaluator's
 * headers differ from the trainer's and embedder's (original headers kept, {@code fewshot-source-*}
 * names), so only the sending is shared.
 */
@ApplicationScoped
public class DeadLetters {
    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    static final String HEADER_SOURCE_PARTITION = "fewshot-source-partition";
    static final String HEADER_SOURCE_OFFSET = "fewshot-source-offset";

    @Inject
    dev.fewshot.service.messaging.DeadLetters sender;

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
        sender.forward(record, headers);
    }

    private static byte[] utf8(String s) {
        return (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
    }
}
