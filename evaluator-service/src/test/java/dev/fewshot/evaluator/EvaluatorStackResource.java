package dev.fewshot.evaluator;

import dev.fewshot.contracts.Topics;
import dev.fewshot.service.testing.LocalStackResource;

/** The evaluator's topics: run events on three partitions (the consumer commits per partition), the rest on one. */
public class EvaluatorStackResource extends LocalStackResource {
    @Override
    protected void createTopics() {
        createTopics(3, Topics.RUN_EVENTS);
        createTopics(1, Topics.VECTORS, Topics.DEAD_LETTERS);
    }
}
