package dev.fewshot.service.errors;

/** A failure of infrastructure (broker, database) that a retry may get past; the run is not at fault. */
public class TransientException extends RuntimeException {
    public TransientException(String message, Throwable cause) {
        super(message, cause);
    }
}
