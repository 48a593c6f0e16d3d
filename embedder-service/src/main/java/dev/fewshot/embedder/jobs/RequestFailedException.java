package dev.fewshot.embedder.jobs;

/** The request itself cannot be done (bad model, layout, path or class list): it fails, the service goes on. */
public class RequestFailedException extends RuntimeException {
    public RequestFailedException(String reason, Throwable cause) {
        super(reason, cause);
    }

    public RequestFailedException(String reason) {
        super(reason);
    }
}
