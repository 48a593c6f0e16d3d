package dev.fewshot.store.repositories;

import dev.fewshot.core.sweep.ResultRow;
import java.util.Comparator;

/** Orders of a run's result rows, the same in SQL and for rows already read (ids are ASCII, so they agree). */
public enum ResultOrder {
    /** head, K, seed, score: the REST API and the report. */
    BY_HEAD("head, k, seed, ood_score", Comparator.comparing(ResultRow::head)
            .thenComparingInt(ResultRow::k).thenComparingLong(ResultRow::seed).thenComparing(ResultRow::oodScore)),
    /** seed, K, head, score: the order {@code fewshot sweep --out} writes. */
    AS_SWEEP("seed, k, head, ood_score", Comparator.comparingLong(ResultRow::seed)
            .thenComparingInt(ResultRow::k).thenComparing(ResultRow::head).thenComparing(ResultRow::oodScore));

    final String sql;
    private final Comparator<ResultRow> comparator;

    ResultOrder(String sql, Comparator<ResultRow> comparator) {
        this.sql = sql;
        this.comparator = comparator;
    }

    public Comparator<ResultRow> comparator() {
        return comparator;
    }
}
