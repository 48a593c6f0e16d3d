package dev.fewshot.service.errors;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/**
 * The one error policy of all services: a failure is transient when a later try can get past it (the database or
 * broker is away, a serialisation conflict), and then it is retried with bounded backoff; anything else (a data
 * error, a constraint, a bad value, a bug) is permanent and fails the record or run at once, with its reason.
 */
public final class Failures {

    private Failures() {
    }

    /** Whether {@code e}, or what caused it, is worth retrying. */
    public static boolean isTransient(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TransientException || t instanceof ConnectException
                    || t instanceof org.apache.kafka.common.errors.RetriableException) {
                return true;
            }
            if (t instanceof SQLException s) {
                return isTransient(s);
            }
        }
        return false;
    }

    /**
     * SQLState classes that a later try can get past: 08 connection exception, 53 insufficient resources, 57P0x
     * server shutting down / cannot connect now, 40001 serialization failure, 40P01 deadlock. No SQLState at all is
     * the pool's own acquisition timeout. Everything else (22 data exception such as a NUL byte, 23 constraint
     * violation, 42 syntax) fails the same way on every try.
     */
    public static boolean isTransient(SQLException e) {
        if (e instanceof SQLTransientException || e instanceof SQLRecoverableException) {
            return true;
        }
        String state = e.getSQLState();
        if (state == null) {
            return true;
        }
        return state.startsWith("08") || state.startsWith("53") || state.startsWith("57P0")
                || state.equals("40001") || state.equals("40P01");
    }

    /** A one-line reason for a record or run: the exception's class and message, no stack, no NUL characters. */
    public static String reason(Throwable e) {
        String m = e.getMessage();
        String text = m == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + m;
        return text.replace('\0', ' ');
    }
}
