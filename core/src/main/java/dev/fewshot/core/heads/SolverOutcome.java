package dev.fewshot.core.heads;

import java.util.Locale;

/**
 * How an iterative fit ended, kept with the head so that every result row can say whether the
 * numbers come from a converged solver.
 *
 * @param stop       why the solver stopped
 * @param iterations solver iterations used
 */
public record SolverOutcome(Stop stop, int iterations) {

    /** Why a solver stopped. GRADIENT and RELATIVE_DECREASE count as converged. */
    public enum Stop {
        GRADIENT, RELATIVE_DECREASE, MAX_ITER, LINE_SEARCH_FAILED;

        public boolean converged() {
            return this == GRADIENT || this == RELATIVE_DECREASE;
        }

        /** The name used in results: lower case, e.g. "max_iter". */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Stop fromLabel(String label) {
            for (Stop s : values()) {
                if (s.label().equals(label)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown solver stop '" + label + "'");
        }
    }

    public SolverOutcome {
        if (stop == null || iterations < 0) {
            throw new IllegalArgumentException("bad solver outcome: " + stop + " after " + iterations + " iterations");
        }
    }

    public boolean converged() {
        return stop.converged();
    }
}
