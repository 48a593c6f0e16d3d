package dev.fewshot.contracts;

/** A message that cannot be parsed or has an unknown version; it goes to the dead-letter topic. */
public class InvalidMessageException extends IllegalArgumentException {
    public InvalidMessageException(String reason) {
        super(reason);
    }
}
