package dev.fewshot.evaluator.api;

import dev.fewshot.contracts.Ids;
import dev.fewshot.contracts.InvalidMessageException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A run id in the path ({@code /runs/{id}/...}) meets the rule every stored id met at intake ({@link Ids}) before it
 * reaches the database: a control character or an id longer than any stored one is a 400 naming the problem, not a
 * database error (PostgreSQL refuses a NUL byte in text, which would read as "database unavailable").
 */
public class RunIdCheck {
    @ServerRequestFilter
    public Response check(UriInfo uri) {
        String id = uri.getPathParameters().getFirst("id");
        if (id == null) {
            return null;
        }
        try {
            Ids.check("run id", id);
            return null;
        } catch (InvalidMessageException e) {
            return RunsResource.error(Response.Status.BAD_REQUEST, e.getMessage());
        }
    }
}
