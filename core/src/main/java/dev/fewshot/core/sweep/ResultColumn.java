package dev.fewshot.core.sweep;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The one description of a result row's fields: name, type, unit, direction and meaning. JSON lines, CSV, REST, the
 * {@code metrics} table (its insert and select, checked against the migrations by the store's tests), the report
 * and the result-row table of docs/metrics.md (checked by a test) all follow this list, in this order. Adding a
 * field is one constant here plus one migration.
 */
public enum ResultColumn {
    HEAD("head", Type.TEXT, Role.KEY, Better.NONE, "", null, "head id (`zero-shot`, `linear`, ...)"),
    K("k", Type.INTEGER, Role.KEY, Better.NONE, "shots", null, "examples per class (0 for zero-shot)"),
    SEED("seed", Type.BIGINT, Role.KEY, Better.NONE, "", null,
            "shot seed (zero-shot's one evaluation is repeated for every seed)"),
    OOD_SCORE("ood_score", Type.TEXT, Role.KEY, Better.NONE, "", null, "OOD score id (`msp`, `energy`, ...)"),
    ACCURACY("accuracy", Type.DOUBLE, Role.METRIC, Better.HIGHER, "fraction", "Accuracy",
            "top-1 accuracy on the ID test set (ties in the logits go to the lowest class index)"),
    AUROC("auroc", Type.DOUBLE, Role.METRIC, Better.HIGHER, "fraction", "AUROC", "AUROC of the OOD score, ID positive"),
    FPR95("fpr95", Type.DOUBLE, Role.METRIC, Better.LOWER, "fraction", "FPR@95",
            "share of OOD rows accepted at the threshold that accepts 95% of ID rows (ID positive; MCM and NegLabel's"
                    + " convention)"),
    AUPR_IN("aupr_in", Type.DOUBLE, Role.METRIC, Better.HIGHER, "fraction", "AUPR-In", "average precision, ID positive"),
    AUPR_OUT("aupr_out", Type.DOUBLE, Role.METRIC, Better.HIGHER, "fraction", "AUPR-Out",
            "average precision, OOD positive"),
    ECE("ece", Type.DOUBLE, Role.METRIC, Better.LOWER, "fraction", "ECE", "15-bin expected calibration error on ID"),
    CONF_ID("conf_id", Type.DOUBLE, Role.METRIC, Better.NONE, "probability", null,
            "mean max softmax probability on ID (summed in sorted order)"),
    CONF_OOD("conf_ood", Type.DOUBLE, Role.METRIC, Better.NONE, "probability", null,
            "mean max softmax probability on OOD (summed in sorted order)"),
    HYPER("hyper", Type.DOUBLE, Role.FIT, Better.NONE, "", null,
            "the head's chosen hyper-parameter: C for `linear`/`linear-zs`, the shrinkage α for `gaussian`, the blend α"
                    + " for `gda` and the cache weight α for `tip-adapter`; null otherwise"),
    SUPPORT_SIZE("support_size", Type.INTEGER, Role.FIT, Better.NONE, "rows", null, "rows in the support set"),
    SHORT_CLASSES("short_classes", Type.INTEGER, Role.FIT, Better.NONE, "classes", null,
            "classes that had fewer than K rows"),
    FIT_MS("fit_ms", Type.BIGINT, Role.FIT, Better.NONE, "ms", null,
            "wall time of the fit (not part of any determinism check)"),
    SCORE_MS("score_ms", Type.BIGINT, Role.FIT, Better.NONE, "ms", null,
            "wall time of scoring ID + OOD (not part of any determinism check)"),
    SOLVER_STOP("solver_stop", Type.TEXT, Role.FIT, Better.NONE, "", null,
            "how the head's final L-BFGS fit ended: `gradient` or `relative_decrease` (converged), `max_iter` or"
                    + " `line_search_failed` (not converged; the table marks them `*`, the report ⚠); null for heads"
                    + " fitted in closed form"),
    SOLVER_ITERATIONS("solver_iterations", Type.INTEGER, Role.FIT, Better.NONE, "iterations", null,
            "L-BFGS iterations of the final fit; null with `solver_stop`"),
    FPR95_OODPOS("fpr95_oodpos", Type.DOUBLE, Role.METRIC, Better.LOWER, "fraction", "FPR@95 (OOD+)",
            "OpenOOD's FPR@95, OOD positive: share of ID rows rejected at the threshold that catches 95% of OOD rows"
                    + " (not comparable with `fpr95`)"),
    ACCURACY_LO("accuracy_lo", Type.DOUBLE, Role.METRIC, Better.NONE, "fraction", null,
            "95% bootstrap interval of `accuracy` over the ID test rows: lower end"),
    ACCURACY_HI("accuracy_hi", Type.DOUBLE, Role.METRIC, Better.NONE, "fraction", null,
            "upper end of `accuracy`'s interval"),
    AUROC_LO("auroc_lo", Type.DOUBLE, Role.METRIC, Better.NONE, "fraction", null,
            "95% bootstrap interval of `auroc` over the ID and OOD test rows: lower end"),
    AUROC_HI("auroc_hi", Type.DOUBLE, Role.METRIC, Better.NONE, "fraction", null, "upper end of `auroc`'s interval"),
    FPR95_LO("fpr95_lo", Type.DOUBLE, Role.METRIC, Better.NONE, "fraction", null,
            "95% bootstrap interval of `fpr95`: lower end"),
    FPR95_HI("fpr95_hi", Type.DOUBLE, Role.METRIC, Better.NONE, "fraction", null, "upper end of `fpr95`'s interval"),
    BOOTSTRAP("bootstrap", Type.INTEGER, Role.FIT, Better.NONE, "resamples", null,
            "bootstrap resamples behind the intervals (seeded; the OOD scores of a head share the draws); null when"
                    + " intervals were off"),
    CP_ALPHA("cp_alpha", Type.DOUBLE, Role.FIT, Better.NONE, "", null,
            "level α of the conformal promises (docs/conformal.md); null (with every `cp_` field) when the test split"
                    + " was too small to hold out calibration rows"),
    CP_CALIBRATION("cp_calibration", Type.INTEGER, Role.FIT, Better.NONE, "rows", null,
            "ID test rows held out to calibrate; no other metric uses them"),
    CP_ID_ACCEPT("cp_id_accept", Type.DOUBLE, Role.METRIC, Better.NONE, "fraction", null,
            "share of ID evaluation rows accepted (conformal p-value of the OOD score > α); promised ≥ 1 − α on"
                    + " average"),
    CP_BAND_LO("cp_band_lo", Type.DOUBLE, Role.FIT, Better.NONE, "fraction", null,
            "2.5% quantile of the ID acceptance promised with `cp_calibration` rows (Beta law over calibration draws)"),
    CP_BAND_HI("cp_band_hi", Type.DOUBLE, Role.FIT, Better.NONE, "fraction", null,
            "97.5% quantile of the promised ID acceptance"),
    CP_OOD_ACCEPT("cp_ood_accept", Type.DOUBLE, Role.METRIC, Better.LOWER, "fraction", null,
            "share of OOD rows accepted at the same α: what the promise lets through"),
    CP_SET_COVERAGE("cp_set_coverage", Type.DOUBLE, Role.METRIC, Better.NONE, "fraction", null,
            "share of ID evaluation rows whose true label is in the LAC prediction set; promised ≥ 1 − α"),
    CP_SET_SIZE("cp_set_size", Type.DOUBLE, Role.METRIC, Better.LOWER, "classes", null,
            "mean size of the LAC prediction sets of the ID evaluation rows"),
    CP_APS_COVERAGE("cp_aps_coverage", Type.DOUBLE, Role.METRIC, Better.NONE, "fraction", null,
            "the same for the APS prediction sets (not randomised: coverage ≥ 1 − α, often above)"),
    CP_APS_SIZE("cp_aps_size", Type.DOUBLE, Role.METRIC, Better.LOWER, "classes", null,
            "mean size of the APS prediction sets"),
    CP_CLASS_COVERAGE("cp_class_coverage", Type.DOUBLE, Role.METRIC, Better.NONE, "fraction", null,
            "share of ID evaluation rows whose label is in the class-conditional LAC set (one threshold per class:"
                    + " ≥ 1 − α promised for every class)"),
    CP_CLASS_SIZE("cp_class_size", Type.DOUBLE, Role.METRIC, Better.LOWER, "classes", null,
            "mean size of the class-conditional LAC sets"),
    CP_SHORT_CLASSES("cp_short_classes", Type.INTEGER, Role.FIT, Better.NONE, "classes", null,
            "classes with too few calibration rows for a per-class promise at α (in every class-conditional set)"),
    CP_ID_ACCEPT_A01("cp_id_accept_a01", Type.DOUBLE, Role.METRIC, Better.NONE, "fraction", null,
            "`cp_id_accept` at α = 0.01 (the report's acceptance-against-promise chart)"),
    CP_ID_ACCEPT_A05("cp_id_accept_a05", Type.DOUBLE, Role.METRIC, Better.NONE, "fraction", null,
            "`cp_id_accept` at α = 0.05"),
    CP_ID_ACCEPT_A10("cp_id_accept_a10", Type.DOUBLE, Role.METRIC, Better.NONE, "fraction", null,
            "`cp_id_accept` at α = 0.1"),
    CP_ID_ACCEPT_A20("cp_id_accept_a20", Type.DOUBLE, Role.METRIC, Better.NONE, "fraction", null,
            "`cp_id_accept` at α = 0.2"),
    CP_OOD_ACCEPT_A01("cp_ood_accept_a01", Type.DOUBLE, Role.METRIC, Better.LOWER, "fraction", null,
            "`cp_ood_accept` at α = 0.01"),
    CP_OOD_ACCEPT_A05("cp_ood_accept_a05", Type.DOUBLE, Role.METRIC, Better.LOWER, "fraction", null,
            "`cp_ood_accept` at α = 0.05"),
    CP_OOD_ACCEPT_A10("cp_ood_accept_a10", Type.DOUBLE, Role.METRIC, Better.LOWER, "fraction", null,
            "`cp_ood_accept` at α = 0.1"),
    CP_OOD_ACCEPT_A20("cp_ood_accept_a20", Type.DOUBLE, Role.METRIC, Better.LOWER, "fraction", null,
            "`cp_ood_accept` at α = 0.2"),
    HYPER_BETA("hyper_beta", Type.DOUBLE, Role.FIT, Better.NONE, "", null,
            "`tip-adapter`'s chosen β (the cache's sharpness); null for other heads"),
    ZS_SCORE("zs_score", Type.TEXT, Role.FIT, Better.NONE, "", null,
            "the zero-shot score the `zs_auroc_*` columns compare with: the row's own score where zero-shot has it,"
                    + " else `mcm`; null for zero-shot rows and runs without zero-shot"),
    ZS_ACCURACY_DIFF("zs_accuracy_diff", Type.DOUBLE, Role.METRIC, Better.HIGHER, "fraction", null,
            "accuracy minus zero-shot's on the same evaluation rows"),
    ZS_ACCURACY_P("zs_accuracy_p", Type.DOUBLE, Role.METRIC, Better.NONE, "p-value", null,
            "one-sided exact McNemar p-value of \"more accurate than zero-shot\" on the same rows"),
    ZS_AUROC_DIFF("zs_auroc_diff", Type.DOUBLE, Role.METRIC, Better.HIGHER, "fraction", null,
            "AUROC minus zero-shot's (with `zs_score`) on the same ID and OOD rows"),
    ZS_AUROC_P("zs_auroc_p", Type.DOUBLE, Role.METRIC, Better.NONE, "p-value", null,
            "one-sided DeLong p-value of \"higher AUROC than zero-shot\" on the same rows");

    /** The levels every row also reports acceptance at (whatever its own α), for the acceptance-vs-promise chart. */
    public static final double[] ALPHA_GRID = {0.01, 0.05, 0.1, 0.2};

    /** The ID acceptance column at {@code ALPHA_GRID[i]}. */
    public static ResultColumn idAcceptAt(int i) {
        return List.of(CP_ID_ACCEPT_A01, CP_ID_ACCEPT_A05, CP_ID_ACCEPT_A10, CP_ID_ACCEPT_A20).get(i);
    }

    /** The OOD acceptance column at {@code ALPHA_GRID[i]}. */
    public static ResultColumn oodAcceptAt(int i) {
        return List.of(CP_OOD_ACCEPT_A01, CP_OOD_ACCEPT_A05, CP_OOD_ACCEPT_A10, CP_OOD_ACCEPT_A20).get(i);
    }

    /** A column's value type: its Java class, SQL type and JSON form. */
    public enum Type {
        TEXT(String.class, "text"), INTEGER(Integer.class, "integer"), BIGINT(Long.class, "bigint"),
        DOUBLE(Double.class, "double precision");

        private final Class<?> javaType;
        private final String sqlType;

        Type(Class<?> javaType, String sqlType) {
            this.javaType = javaType;
            this.sqlType = sqlType;
        }

        public Class<?> javaType() {
            return javaType;
        }

        /** The type as PostgreSQL's information_schema names it. */
        public String sqlType() {
            return sqlType;
        }
    }

    /**
     * What a column is: part of the row's key, a measured metric (summarised over seeds as mean ± std), or a fact
     * about the fit. Key and fit columns may not be null except where {@link #nullable} says; metric columns are
     * null only when the metric was not computed (a row written before the column existed).
     */
    public enum Role {
        KEY, METRIC, FIT
    }

    /** Which way is better, for the report's bold best value and for readers. */
    public enum Better {
        HIGHER, LOWER, NONE;

        public String label() {
            return this == NONE ? "" : name().toLowerCase(Locale.ROOT);
        }
    }

    /** Every column in row order. */
    public static final List<ResultColumn> ALL = List.of(values());

    /** Null where a head has no such fact, and every column added after V4 (rows stored before it lack them). */
    private static final java.util.Set<ResultColumn> NULLABLE = java.util.EnumSet.of(HYPER, SOLVER_STOP,
            SOLVER_ITERATIONS, FPR95_OODPOS, ACCURACY_LO, ACCURACY_HI, AUROC_LO, AUROC_HI, FPR95_LO, FPR95_HI,
            BOOTSTRAP, CP_ALPHA, CP_CALIBRATION, CP_ID_ACCEPT, CP_BAND_LO, CP_BAND_HI, CP_OOD_ACCEPT, CP_SET_COVERAGE,
            CP_SET_SIZE, CP_APS_COVERAGE, CP_APS_SIZE, CP_CLASS_COVERAGE, CP_CLASS_SIZE, CP_SHORT_CLASSES,
            CP_ID_ACCEPT_A01, CP_ID_ACCEPT_A05, CP_ID_ACCEPT_A10,
            CP_ID_ACCEPT_A20, CP_OOD_ACCEPT_A01, CP_OOD_ACCEPT_A05, CP_OOD_ACCEPT_A10, CP_OOD_ACCEPT_A20,
            HYPER_BETA, ZS_SCORE, ZS_ACCURACY_DIFF, ZS_ACCURACY_P, ZS_AUROC_DIFF, ZS_AUROC_P);

    /** The bootstrap interval columns (lower, upper) of a metric, or null when it has none. */
    public static ResultColumn[] intervalOf(ResultColumn metric) {
        return switch (metric) {
            case ACCURACY -> new ResultColumn[] {ACCURACY_LO, ACCURACY_HI};
            case AUROC -> new ResultColumn[] {AUROC_LO, AUROC_HI};
            case FPR95 -> new ResultColumn[] {FPR95_LO, FPR95_HI};
            default -> null;
        };
    }

    /** The metrics with a bootstrap interval, in row order. */
    public static final List<ResultColumn> WITH_INTERVAL = List.of(ACCURACY, AUROC, FPR95);

    /**
     * The JSON field holding a metric's interval as {@code [low, high]} (e.g. {@code accuracy_ci}): JSON lines and
     * REST carry it beside the {@code _lo}/{@code _hi} columns, which CSV and SQL hold.
     */
    public static String intervalField(ResultColumn metric) {
        return metric.id + "_ci";
    }

    /** The metric columns, summarised over seeds. */
    public static List<ResultColumn> metrics() {
        return ALL.stream().filter(c -> c.role == Role.METRIC).toList();
    }

    /** The columns the results tables show (those with a {@link #label}), in row order. */
    public static List<ResultColumn> tabled() {
        return ALL.stream().filter(c -> c.label != null).toList();
    }

    private final String id;
    private final Type type;
    private final Role role;
    private final Better better;
    private final String unit;
    private final String label;
    private final String doc;

    ResultColumn(String id, Type type, Role role, Better better, String unit, String label, String doc) {
        this.id = id;
        this.type = type;
        this.role = role;
        this.better = better;
        this.unit = unit;
        this.label = label;
        this.doc = doc;
    }

    /** The name in JSON, CSV, REST and the metrics table. */
    public String id() {
        return id;
    }

    public Type type() {
        return type;
    }

    /** Whether the column may be null: the fit facts that not every head has, and metrics added after V4. */
    public boolean nullable() {
        return NULLABLE.contains(this);
    }

    public Role role() {
        return role;
    }

    /** The short header of the results tables (report, CLI); null for a column they do not show. */
    public String label() {
        return label;
    }

    public Better better() {
        return better;
    }

    public String unit() {
        return unit;
    }

    public String doc() {
        return doc;
    }

    /** The names of every column, in row order. */
    public static List<String> ids() {
        return ALL.stream().map(ResultColumn::id).toList();
    }

    public static ResultColumn fromId(String id) {
        for (ResultColumn c : ALL) {
            if (c.id.equals(id)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown result field '" + id + "'; known fields: " + Arrays.toString(
                ALL.stream().map(ResultColumn::id).toArray()));
    }

    /**
     * A value as this column holds it: null where nullable, else the column's Java type. Numbers of another boxed
     * type (a JDBC driver's or JSON parser's choice) are converted when no precision is lost; a NaN in a nullable
     * double column becomes null (JSON has no NaN).
     */
    public Object coerce(Object v) {
        if (v instanceof Double d && d.isNaN() && nullable()) {
            v = null;
        }
        if (v == null) {
            if (!nullable()) {
                throw new IllegalArgumentException("result field '" + id + "' must not be null");
            }
            return null;
        }
        switch (type) {
            case TEXT -> {
                if (v instanceof String) {
                    return v;
                }
            }
            case INTEGER -> {
                if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
                    return ((Number) v).intValue();
                }
                if (v instanceof Long l && l == l.intValue()) {
                    return l.intValue();
                }
            }
            case BIGINT -> {
                if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
                    return ((Number) v).longValue();
                }
            }
            case DOUBLE -> {
                if (v instanceof Double) {
                    return v;
                }
                if (v instanceof Float || v instanceof Integer || v instanceof Long && Math.abs((Long) v) < (1L << 53)) {
                    return ((Number) v).doubleValue();
                }
            }
        }
        throw new IllegalArgumentException("result field '" + id + "' is " + type.sqlType() + ", got "
                + v.getClass().getSimpleName() + " " + v);
    }

    /** The field table of docs/metrics.md ("Result rows"), which a test keeps equal to this list. */
    public static String markdownTable() {
        StringBuilder sb = new StringBuilder("| field | type | null | unit | better | meaning |\n");
        sb.append("| --- | --- | --- | --- | --- | --- |\n");
        for (ResultColumn c : ALL) {
            sb.append("| `").append(c.id).append("` | ").append(c.type.sqlType()).append(" | ")
                    .append(c.nullable() ? "yes" : "").append(" | ").append(c.unit).append(" | ")
                    .append(c.better.label()).append(" | ").append(c.doc.replace("|", "\\|")).append(" |\n");
        }
        return sb.toString();
    }
}
