package dev.fewshot.evaluator.persistence;

import java.sql.SQLException;

/** PostgreSQL stayed unreachable past the retry limit; the message is not acknowledged and will come again. */
public class DatabaseUnavailableException extends SQLException {
    public DatabaseUnavailableException(String message, SQLException cause) {
        super(message, cause.getSQLState(), cause);
    }
}
