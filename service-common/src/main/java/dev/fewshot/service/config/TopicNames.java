package dev.fewshot.service.config;

/**
 * The Kafka topics, as a group of each service's configuration ({@code fewshot.topics.*}). Their defaults are
 * {@link dev.fewshot.contracts.Topics}'s names, published by {@link TopicDefaults}; a deployment may rename them
 * (environment variables win) and the channels in application.properties follow through {@code ${fewshot.topics.*}}.
 */
public interface TopicNames {
    String vectors();

    String runRequests();

    String runEvents();

    String embedRequests();

    String embedEvents();

    String deadLetters();
}
