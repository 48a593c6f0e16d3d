package dev.fewshot.core;

/**
 * Bad user input (a file, a label, a shape). The message always names the input and the problem,
 * so that the CLI and the services can report it as it is.
 */
public class InvalidInputException extends RuntimeException {
    private final String input;

    public InvalidInputException(String input, String problem) {
        super(input + ": " + problem);
        this.input = input;
    }

    public InvalidInputException(String input, String problem, Throwable cause) {
        super(input + ": " + problem, cause);
        this.input = input;
    }

    /** The file, topic or field that was wrong. */
    public String input() {
        return input;
    }
}
