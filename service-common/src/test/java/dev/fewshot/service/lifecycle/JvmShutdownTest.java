package dev.fewshot.service.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JvmShutdownTest {
    @Test
    void notWhileRunning() {
        assertFalse(JvmShutdown.inProgress());
    }

    @Test
    void anInterruptedThreadCountsAsStopping() {
        Thread.currentThread().interrupt();
        try {
            assertTrue(JvmShutdown.inProgress());
        } finally {
            Thread.interrupted();
        }
    }

    /** A child JVM asks from inside one of its shutdown hooks, as in-flight work does while ORT's hook runs. */
    @Test
    void trueInsideAShutdownHook() throws Exception {
        String cp = System.getProperty("java.class.path");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", cp,
                HookProbe.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals("before=false during=true", out.strip());
    }

    /** Main of the child JVM. */
    public static final class HookProbe {
        public static void main(String[] args) {
            boolean before = JvmShutdown.inProgress();
            Runtime.getRuntime().addShutdownHook(new Thread(() ->
                    System.out.println("before=" + before + " during=" + JvmShutdown.inProgress())));
        }
    }
}
