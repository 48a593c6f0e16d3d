package dev.fewshot.store.repositories;

import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.hibernate.SharedSessionContract;
import org.hibernate.query.NativeQuery;
import org.hibernate.query.MutationQuery;
import org.hibernate.query.CommonQueryContract;

/**
 * The repositories' one way to run a statement: a Hibernate native query on the session of the unit of work (so it
 * commits or rolls back with the unit), positional parameters, rows read as arrays. Each repository method is then
 * its SQL and nothing else.
 */
final class NativeSql {
    /** A parameter that may be null, with the Java type Hibernate binds the null as (PostgreSQL takes the column's). */
    record Nullable(Object value, Class<?> type) {
    }

    private final SharedSessionContract session;

    NativeSql(SharedSessionContract session) {
        this.session = session;
    }

    static Nullable nullable(Object value, Class<?> type) {
        return new Nullable(value, type);
    }

    /** Runs an insert, update or delete; returns the rows it changed. */
    int update(String sql, Object... args) {
        MutationQuery q = session.createNativeMutationQuery(sql);
        bind(q, args);
        return q.executeUpdate();
    }

    /**
     * The rows of a query, each read from its columns: always an array of the columns, even for one column (whose
     * value may itself be an array, as a {@code float8[]} is).
     */
    <T> List<T> list(String sql, Function<Object[], T> row, Object... args) {
        NativeQuery<Object[]> q = session.createNativeQuery(sql, Object[].class);
        bind(q, args);
        List<Object[]> raw = q.getResultList();
        List<T> out = new ArrayList<>(raw.size());
        for (Object[] r : raw) {
            out.add(row.apply(r));
        }
        return out;
    }

    <T> Optional<T> first(String sql, Function<Object[], T> row, Object... args) {
        List<T> all = list(sql, row, args);
        return all.isEmpty() ? Optional.empty() : Optional.ofNullable(all.get(0));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void bind(CommonQueryContract q, Object... args) {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof Nullable n) {
                q.setParameter(i + 1, n.value(), (Class) n.type());
            } else if (a == null) {
                // an untyped null is bound as bytea by Hibernate and refused by PostgreSQL for any other column
                throw new IllegalArgumentException("parameter " + (i + 1) + " is null: bind it with NativeSql.nullable");
            } else {
                q.setParameter(i + 1, a);
            }
        }
    }

    /** A statement run outside a unit of work, whose failure the caller expects as the database's SQLException. */
    @FunctionalInterface
    interface Statement<T> {
        T run();
    }

    /**
     * Runs {@code statement}, turning Hibernate's wrapper of a database failure back into its SQLException (the
     * SQLState is what the retry rules read); inside a unit of work, service-common's Db does this for the unit.
     */
    static <T> T sqlErrors(Statement<T> statement) throws SQLException {
        try {
            return statement.run();
        } catch (RuntimeException e) {
            for (Throwable t = e.getCause(); t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof SQLException sql) {
                    throw sql;
                }
            }
            throw e;
        }
    }

    static String text(Object v) {
        return v == null ? null : v.toString();
    }

    static Integer integer(Object v) {
        return v == null ? null : ((Number) v).intValue();
    }

    static long int64(Object v) {
        return ((Number) v).longValue();
    }

    static double float64(Object v) {
        return ((Number) v).doubleValue();
    }

    /** A timestamptz as an ISO-8601 instant, whichever java.time or java.sql type the driver returned. */
    static String instant(Object v) {
        if (v == null) {
            return null;
        }
        Instant at = v instanceof Instant i ? i : v instanceof OffsetDateTime o ? o.toInstant()
                : v instanceof java.sql.Timestamp t ? t.toInstant() : Instant.parse(v.toString());
        return at.toString();
    }

    static int[] ints(Object array) {
        if (array instanceof int[] a) {
            return a.clone();
        }
        Object[] v = (Object[]) array;
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = ((Number) v[i]).intValue();
        }
        return out;
    }

    static double[] doubles(Object array) {
        if (array instanceof double[] a) {
            return a.clone();
        }
        Object[] v = (Object[]) array;
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = ((Number) v[i]).doubleValue();
        }
        return out;
    }
}
