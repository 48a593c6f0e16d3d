package dev.fewshot.trainer.messaging;

import dev.fewshot.contracts.RunEvent;
import dev.fewshot.service.messaging.RunEventMessages;
import dev.fewshot.service.errors.TransientException;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Publishes run events (key = run id) and waits for the broker's ack, so a recorded event was really sent. */
@ApplicationScoped
public class RunEventPublisher {
    @Inject
    @Channel("run-events")
    MutinyEmitter<String> emitter;

    public void publish(RunEvent event) {
        Message<String> msg = RunEventMessages.keyed(event);
        try {
            emitter.sendMessageAndAwait(msg);
        } catch (RuntimeException e) {
            throw new TransientException("publishing " + event.type() + " of run " + event.runId() + " failed", e);
        }
    }
}
