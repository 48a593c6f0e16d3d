package dev.fewshot.service.lifecycle;

/**
 * Work cut short because the JVM is shutting down ({@link JvmShutdown}): not the input's fault, so the services never
 * record it as a run's or a request's failure. The message that asked for the work stays unacknowledged and the
 * next process does it again. The services' one way to say so (trainer, evaluator and embedder alike).
 */
public class StoppedByShutdown extends RuntimeException {
    public StoppedByShutdown(String what, Throwable cause) {
        super("stopping during " + what + "; it is done again after restart", cause);
    }
}
