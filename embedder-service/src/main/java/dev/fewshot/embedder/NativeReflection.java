package dev.fewshot.embedder;

import dev.fewshot.contracts.EmbedEvent;
import dev.fewshot.contracts.EmbedRequest;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Native image only: the contract records this service reads and writes with Jackson ({@code dev.fewshot.contracts.Json},
 * a plain ObjectMapper that Quarkus does not see), so their constructors and accessors must be registered for
 * reflection or a native executable could not (de)serialise them. No effect on the JVM. (Vectors go out as
 * {@code VectorBatch}'s own binary encoding, which needs no reflection.)
 */
@RegisterForReflection(targets = {
        EmbedRequest.class, EmbedRequest.Layout.class, EmbedRequest.Plan.class,
        EmbedEvent.class, EmbedEvent.Type.class,
})
public final class NativeReflection {
    private NativeReflection() {
    }
}
