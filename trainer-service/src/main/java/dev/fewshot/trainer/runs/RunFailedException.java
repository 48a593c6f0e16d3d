package dev.fewshot.trainer.runs;

/** The run itself cannot go on (bad data, bad config); the message is the reason reported in the failed event. */
public class RunFailedException extends Exception {
    public RunFailedException(String reason) {
        super(reason);
    }
}
