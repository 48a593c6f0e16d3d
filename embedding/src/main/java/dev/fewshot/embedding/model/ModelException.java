package dev.fewshot.embedding.model;

/**
 * A CLIP model directory or ONNX file that cannot be used: missing files, an unexpected signature,
 * a failed probe run, an execution provider this build lacks. Unchecked because none of these can
 * be recovered from by the caller; the message says what was found and what was expected.
 */
public class ModelException extends RuntimeException {
    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
