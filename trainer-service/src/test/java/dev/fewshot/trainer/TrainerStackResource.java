package dev.fewshot.trainer;

import dev.fewshot.contracts.Topics;
import dev.fewshot.service.testing.LocalStackResource;

/** The trainer's topics, one partition each so that requests are consumed in the order the tests send them. */
public class TrainerStackResource extends LocalStackResource {
    @Override
    protected void createTopics() {
        createTopics(1, Topics.VECTORS, Topics.RUN_REQUESTS, Topics.RUN_EVENTS, Topics.DEAD_LETTERS);
    }
}
