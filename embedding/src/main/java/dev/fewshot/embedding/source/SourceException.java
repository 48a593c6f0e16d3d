package dev.fewshot.embedding.source;

/**
 * An embed request names something this package refuses to list: a path outside the data roots, a
 * missing file, an unknown layout. Unchecked because callers turn it into a request error, not retry it.
 */
public class SourceException extends RuntimeException {
    private final String path;
    private final String reason;

    /** A problem with a path: the message names both, as {@code 'path': reason}. */
    public SourceException(String path, String reason) {
        this(path, reason, null);
    }

    public SourceException(String path, String reason, Throwable cause) {
        super("'" + path + "': " + reason, cause);
        this.path = path;
        this.reason = reason;
    }

    /** A problem not tied to one path (an unknown layout, a missing parameter). */
    public SourceException(String message) {
        super(message);
        this.path = null;
        this.reason = message;
    }

    /** The offending path as the caller gave it, or null when the problem is not about a path. */
    public String path() {
        return path;
    }

    /** Why it was refused, without the path: used as a failed item's reason. */
    public String reason() {
        return reason;
    }
}
