package dev.fewshot.vectors;

/** A split is missing, incomplete (no end marker yet) or inconsistent with its end marker. */
public class SplitNotReadyException extends Exception {
    public SplitNotReadyException(String message) {
        super(message);
    }
}
