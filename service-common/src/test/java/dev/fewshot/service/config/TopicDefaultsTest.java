package dev.fewshot.service.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fewshot.contracts.Topics;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Every topic of the contract reaches the services' configuration under fewshot.topics.*, with its contract name. */
class TopicDefaultsTest {
    @Test
    void publishesEveryTopicOfTheContract() throws IllegalAccessException {
        Map<String, String> expected = new TreeMap<>();
        for (Field f : Topics.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class && !f.getName().startsWith("HEADER_")) {
                expected.put("fewshot.topics." + f.getName().toLowerCase(Locale.ROOT).replace('_', '-'),
                        (String) f.get(null));
            }
        }
        assertEquals(expected, new TreeMap<>(new TopicDefaults().getProperties()));
    }
}
