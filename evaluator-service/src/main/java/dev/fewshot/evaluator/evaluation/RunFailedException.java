package dev.fewshot.evaluator.evaluation;

/** The run cannot be evaluated (split missing, data inconsistent with its head): the run fails with this reason. */
public class RunFailedException extends Exception {
    public RunFailedException(String reason) {
        super(reason);
    }

    public RunFailedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
