package dev.fewshot.cli.output;

import dev.fewshot.core.sweep.ResultRow;
import dev.fewshot.core.sweep.SweepListener;
import java.io.PrintStream;
import java.util.List;

/** Prints one line per fitted head, with elapsed time, so a long sweep visibly moves. */
public final class ProgressPrinter implements SweepListener {
    private final PrintStream out;
    private final long start = System.nanoTime();

    public ProgressPrinter(PrintStream out) {
        this.out = out;
    }

    @Override
    public void onStep(int step, int total, List<ResultRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        ResultRow r = rows.get(0);
        double elapsed = (System.nanoTime() - start) / 1e9;
        String seed = r.head().equals("zero-shot") ? "all" : Long.toString(r.seed());
        out.printf("[%3d/%d %6.1fs] %-10s K=%-2d seed=%-3s fit %6d ms  score %6d ms  acc %5.1f%%%n", step, total,
                elapsed, r.head(), r.k(), seed, r.fitMs(), r.scoreMs(), 100 * r.accuracy());
    }
}
