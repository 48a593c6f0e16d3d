package dev.fewshot.core.sweep;

import dev.fewshot.core.heads.SolverOutcome;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One result: a head fitted with K shots and one seed, evaluated with one OOD score. The same shape is written by
 * {@code fewshot sweep --out} and stored by the evaluator service. Its fields are the {@link ResultColumn}s; a row
 * is built by naming each field ({@link #builder()}), so two metrics cannot be swapped by position.
 */
public final class ResultRow {

    /** The fields of a row, in the order of JSON lines, CSV and the REST API (docs/metrics.md). */
    public static final List<String> COLUMNS = ResultColumn.ids();

    /** The fields of the JSON forms (JSON lines, REST): {@link #COLUMNS}, then each interval as [low, high]. */
    public static final List<String> JSON_FIELDS = jsonFieldNames();

    private static List<String> jsonFieldNames() {
        List<String> out = new java.util.ArrayList<>(COLUMNS);
        ResultColumn.WITH_INTERVAL.forEach(c -> out.add(ResultColumn.intervalField(c)));
        return List.copyOf(out);
    }

    private final Object[] values;

    private ResultRow(Object[] values) {
        this.values = values;
    }

    public static Builder builder() {
        return new Builder(new Object[ResultColumn.ALL.size()]);
    }

    /**
     * A row from column name → value (a JSON line, a SQL row): every column must be present (null where nullable),
     * no other key is allowed, and values are checked against the column types.
     */
    public static ResultRow fromFields(Map<String, ?> fields) {
        Builder b = builder();
        for (Map.Entry<String, ?> e : fields.entrySet()) {
            if (JSON_FIELDS.contains(e.getKey()) && !COLUMNS.contains(e.getKey())) {
                continue; // an interval's [low, high]: derived from its _lo and _hi columns
            }
            b.set(ResultColumn.fromId(e.getKey()), e.getValue());
        }
        for (ResultColumn c : ResultColumn.ALL) {
            if (!fields.containsKey(c.id())) {
                throw new IllegalArgumentException("result row lacks field '" + c.id() + "'");
            }
        }
        return b.build();
    }

    /** The value of a column: the column's Java type, or null. */
    public Object get(ResultColumn c) {
        return values[c.ordinal()];
    }

    /**
     * The row as {@link #COLUMNS} → value: numbers, strings, and null for a missing hyper-parameter or solver
     * outcome. Every writer of rows (JSON lines, CSV, REST, SQL) goes through this or {@link #get}.
     */
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (ResultColumn c : ResultColumn.ALL) {
            m.put(c.id(), values[c.ordinal()]);
        }
        return m;
    }

    /** {@link #fields()} plus each interval as {@code <metric>_ci: [low, high]} (null when not computed). */
    public Map<String, Object> jsonFields() {
        Map<String, Object> m = fields();
        for (ResultColumn c : ResultColumn.WITH_INTERVAL) {
            ResultColumn[] ends = ResultColumn.intervalOf(c);
            Object lo = get(ends[0]), hi = get(ends[1]);
            m.put(ResultColumn.intervalField(c), lo == null || hi == null ? null : List.of(lo, hi));
        }
        return m;
    }

    public String head() {
        return (String) get(ResultColumn.HEAD);
    }

    public int k() {
        return (Integer) get(ResultColumn.K);
    }

    public long seed() {
        return (Long) get(ResultColumn.SEED);
    }

    public String oodScore() {
        return (String) get(ResultColumn.OOD_SCORE);
    }

    public double accuracy() {
        return number(ResultColumn.ACCURACY);
    }

    public double auroc() {
        return number(ResultColumn.AUROC);
    }

    public double fpr95() {
        return number(ResultColumn.FPR95);
    }

    public double auprIn() {
        return number(ResultColumn.AUPR_IN);
    }

    public double auprOut() {
        return number(ResultColumn.AUPR_OUT);
    }

    public double ece() {
        return number(ResultColumn.ECE);
    }

    public double confId() {
        return number(ResultColumn.CONF_ID);
    }

    public double confOod() {
        return number(ResultColumn.CONF_OOD);
    }

    /** The chosen hyper-parameter, NaN for heads without one. */
    public double hyper() {
        return number(ResultColumn.HYPER);
    }

    public int supportSize() {
        return (Integer) get(ResultColumn.SUPPORT_SIZE);
    }

    public int shortClasses() {
        return (Integer) get(ResultColumn.SHORT_CLASSES);
    }

    public long fitMs() {
        return (Long) get(ResultColumn.FIT_MS);
    }

    public long scoreMs() {
        return (Long) get(ResultColumn.SCORE_MS);
    }

    /** How the head's solver ended; null for closed-form heads. */
    public SolverOutcome solver() {
        return solverOf((String) get(ResultColumn.SOLVER_STOP), (Integer) get(ResultColumn.SOLVER_ITERATIONS));
    }

    /** A double column; NaN where the column is null. */
    public double number(ResultColumn c) {
        Object v = get(c);
        return v == null ? Double.NaN : ((Number) v).doubleValue();
    }

    /** The solver outcome from its two stored columns (both null for closed-form heads). */
    public static SolverOutcome solverOf(String stop, Integer iterations) {
        if (stop == null && iterations == null) {
            return null;
        }
        if (stop == null || iterations == null) {
            throw new IllegalArgumentException("solver_stop and solver_iterations are set together, got "
                    + stop + " and " + iterations);
        }
        return new SolverOutcome(SolverOutcome.Stop.fromLabel(stop), iterations);
    }

    /** The same row for another shot seed (zero-shot's one evaluation stands for every seed). */
    public ResultRow withSeed(long newSeed) {
        Object[] copy = values.clone();
        copy[ResultColumn.SEED.ordinal()] = newSeed;
        return new ResultRow(copy);
    }

    /** True when a solver ran and stopped for a reason other than convergence. */
    public boolean unconverged() {
        SolverOutcome s = solver();
        return s != null && !s.converged();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResultRow r && Arrays.equals(values, r.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "ResultRow" + fields();
    }

    /** Sets fields by name; {@link #build} checks that every non-nullable one is set. */
    public static final class Builder {
        private final Object[] values;
        private final boolean[] set;

        private Builder(Object[] values) {
            this.values = values;
            this.set = new boolean[values.length];
        }

        public Builder set(ResultColumn c, Object value) {
            values[c.ordinal()] = c.coerce(value);
            set[c.ordinal()] = true;
            return this;
        }

        /** The solver outcome's two columns (null for a closed-form head). */
        public Builder solver(SolverOutcome s) {
            set(ResultColumn.SOLVER_STOP, s == null ? null : s.stop().label());
            return set(ResultColumn.SOLVER_ITERATIONS, s == null ? null : s.iterations());
        }

        public ResultRow build() {
            for (ResultColumn c : ResultColumn.ALL) {
                if (!set[c.ordinal()] && !c.nullable()) {
                    throw new IllegalStateException("result row lacks field '" + c.id() + "'");
                }
            }
            ResultRow r = new ResultRow(values.clone());
            r.solver(); // the two solver columns are set together
            return r;
        }
    }
}
