package dev.fewshot.evaluator.evaluation;

/** The process stopped during an evaluation: the record stays unacknowledged and is evaluated again after restart. */
public class EvaluationInterruptedException extends RuntimeException {
    public EvaluationInterruptedException(String message, Throwable cause) {
        super(message, cause);
    }
}
