package dev.fewshot.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fewshot.core.conformal.Alpha;
import dev.fewshot.core.metrics.Bootstrap;
import dev.fewshot.core.sweep.SweepConfig;
import org.junit.jupiter.api.Test;

/** A run request's alpha and bootstrap reach the sweep's config; bad values fail with the field named. */
class RunConfigsTest {
    private static SweepConfig config(String extra) {
        return RunConfigs.toSweepConfig(RunRequest.parse("{\"version\": 1, \"dataset_id\": \"d\"" + extra + "}").withDefaults());
    }

    /** A request that names nothing runs what the CLI's sweep runs by default: both read SweepDefaults. */
    @Test
    void anEmptyRequestRunsTheSweepDefaults() {
        assertEquals(SweepConfig.defaults(), config(""));
        RunRequest filled = RunRequest.parse("{\"version\": 1, \"dataset_id\": \"d\"}").withDefaults();
        assertEquals(java.util.List.of(0, 1, 2, 4, 8, 16), filled.shots());
        assertEquals(java.util.List.of("zero-shot", "linear", "linear-zs", "prototype", "gaussian"), filled.heads());
        assertEquals(java.util.List.of("msp", "maxlogit", "energy", "maxcos", "mcm", "mahalanobis"), filled.oodScores());
    }

    @Test
    void alphaAndBootstrapReachTheSweep() {
        SweepConfig defaults = config("");
        assertEquals(Alpha.DEFAULT, defaults.alpha());
        assertEquals(Bootstrap.DEFAULT_RESAMPLES, defaults.bootstrap());
        SweepConfig set = config(", \"alpha\": 0.1, \"options\": {\"bootstrap\": 0}");
        assertEquals(0.1, set.alpha());
        assertEquals(0, set.bootstrap());
        for (String bad : new String[] {", \"alpha\": 0", ", \"alpha\": 1", ", \"alpha\": -0.5", ", \"alpha\": 1e308"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> config(bad), bad);
            assertTrue(e.getMessage().contains("alpha"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> config(", \"options\": {\"bootstrap\": 1}"));
        assertTrue(e.getMessage().contains("bootstrap"), e.getMessage());
    }
}
