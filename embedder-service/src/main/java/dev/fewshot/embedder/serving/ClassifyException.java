package dev.fewshot.embedder.serving;

/** A classify request that cannot be answered, with the HTTP status that says why (always 4xx or 503). */
public class ClassifyException extends RuntimeException {
    private final int status;

    public ClassifyException(int status, String reason) {
        super(reason);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
