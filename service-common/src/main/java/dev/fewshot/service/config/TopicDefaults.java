package dev.fewshot.service.config;

import dev.fewshot.contracts.Topics;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Publishes {@link Topics}'s names as {@code fewshot.topics.*} so that the topic names are written once, in the
 * contracts module, for the services, the CLI and the tests alike. Its ordinal is below application.properties
 * (250) and the environment (300), so a deployment can still rename a topic.
 */
public final class TopicDefaults implements ConfigSource {
    static final Map<String, String> NAMES = Map.of(
            "fewshot.topics.vectors", Topics.VECTORS,
            "fewshot.topics.run-requests", Topics.RUN_REQUESTS,
            "fewshot.topics.run-events", Topics.RUN_EVENTS,
            "fewshot.topics.embed-requests", Topics.EMBED_REQUESTS,
            "fewshot.topics.embed-events", Topics.EMBED_EVENTS,
            "fewshot.topics.dead-letters", Topics.DEAD_LETTERS);

    @Override
    public Map<String, String> getProperties() {
        return NAMES;
    }

    @Override
    public Set<String> getPropertyNames() {
        return NAMES.keySet();
    }

    @Override
    public String getValue(String name) {
        return NAMES.get(name);
    }

    @Override
    public String getName() {
        return "fewshot-topic-defaults";
    }

    @Override
    public int getOrdinal() {
        return 100;
    }
}
