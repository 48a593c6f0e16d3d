package dev.fewshot.trainer;

import dev.fewshot.contracts.RunEvent;
import dev.fewshot.contracts.RunRequest;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Native image only: the contract records this service reads and writes with Jackson ({@code dev.fewshot.contracts.Json},
 * a plain ObjectMapper that Quarkus does not see), so their constructors and accessors must be registered for
 * reflection or a native executable could not (de)serialise them. No effect on the JVM.
 */
@RegisterForReflection(targets = {
        RunRequest.class, RunRequest.Options.class,
        RunEvent.class, RunEvent.Type.class,
})
public final class NativeReflection {
    private NativeReflection() {
    }
}
