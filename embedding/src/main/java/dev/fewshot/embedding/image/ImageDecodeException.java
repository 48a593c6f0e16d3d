package dev.fewshot.embedding.image;

/** An input that is not a usable image. The message names the input and the problem. */
public class ImageDecodeException extends RuntimeException {

    public enum Reason {
        /** Zero bytes. */
        EMPTY,
        /** No image signature at all (a text file named .jpg). */
        NOT_AN_IMAGE,
        /** A known image format that no installed reader decodes (WebP, HEIC, AVIF...). */
        UNSUPPORTED,
        /** Structurally broken data. */
        CORRUPT,
        /** The data ends early (PIL refuses truncated files by default, so do we). */
        TRUNCATED,
        /** Over {@link ImageLimits}: too many bytes, or a header that claims too many pixels. */
        TOO_LARGE
    }

    private final Reason reason;
    private final String name;

    public ImageDecodeException(Reason reason, String name, String problem) {
        this(reason, name, problem, null);
    }

    public ImageDecodeException(Reason reason, String name, String problem, Throwable cause) {
        super(name + ": " + problem + " (" + reason + ")", cause);
        this.reason = reason;
        this.name = name;
    }

    public Reason reason() {
        return reason;
    }

    /** The input's name as given to the decoder. */
    public String name() {
        return name;
    }
}
