package dev.fewshot.core.sweep;

import java.util.List;

/** Progress callbacks of a sweep; the CLI prints them, services publish them as events. */
public interface SweepListener {

    /** One head fitted and evaluated: step of total, with its result rows. */
    void onStep(int step, int total, List<ResultRow> rows);

    SweepListener NONE = (step, total, rows) -> { };
}
