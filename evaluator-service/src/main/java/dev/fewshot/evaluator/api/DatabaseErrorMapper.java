package dev.fewshot.evaluator.api;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.sql.SQLException;
import org.jboss.logging.Logger;

/** A database failure while answering a read is a 503 with a JSON reason, not a stack trace. */
@Provider
public class DatabaseErrorMapper implements ExceptionMapper<SQLException> {
    private static final Logger LOG = Logger.getLogger(DatabaseErrorMapper.class);

    @Override
    public Response toResponse(SQLException e) {
        LOG.warnf("read failed: %s", e.getMessage());
        return RunsResource.error(Response.Status.SERVICE_UNAVAILABLE, "database unavailable: " + e.getMessage());
    }
}
