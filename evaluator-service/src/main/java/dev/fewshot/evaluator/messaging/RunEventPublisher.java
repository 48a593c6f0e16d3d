package dev.fewshot.evaluator.messaging;

import dev.fewshot.contracts.RunEvent;
import dev.fewshot.service.messaging.RunEventMessages;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Publishes run events (key = run id, with the version header) and waits for the broker's ack, so a caller can
 * commit after it. Its own channel: the evaluator also consumes {@code run-events}.
 */
@ApplicationScoped
public class RunEventPublisher {

    @Inject
    @Channel("run-events-out")
    MutinyEmitter<String> emitter;

    public void publish(RunEvent event) {
        emitter.sendMessageAndAwait(RunEventMessages.keyedWithVersion(event));
    }
}
