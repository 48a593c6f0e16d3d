package dev.fewshot.evaluator.api;

import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

/** A database failure while answering a read is a 503 with a JSON reason, not a stack trace. */
@Provider
public class DatabaseErrorMapper implements ExceptionMapper<PersistenceException> {
    private static final Logger LOG = Logger.getLogger(DatabaseErrorMapper.class);

    @Override
    public Response toResponse(PersistenceException e) {
        LOG.warnf("read failed: %s", e.getMessage());
        return RunsResource.error(Response.Status.SERVICE_UNAVAILABLE, "database unavailable: " + e.getMessage());
    }
}
