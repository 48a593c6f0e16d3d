package dev.fewshot.evaluator.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fewshot.evaluator.persistence.Db;
import dev.fewshot.evaluator.persistence.RunStore;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** Read-only view of runs and their results. */
@Path("/runs")
public class RunsResource {
    static final MediaType CSV = new MediaType("text", "csv", "utf-8");

    private static final String RUN_COLUMNS = "r.run_id, r.dataset_id, r.status, r.reason, r.total_steps, ("
            + String.format(RunStore.DONE_STEPS_SQL, "r.run_id") + ") as done, r.created_at, r.updated_at";

    @Inject
    Db db;

    @Inject
    ObjectMapper mapper;

    /** Runs, newest first. */
    @GET
    public Response list(@QueryParam("limit") @DefaultValue("100") int limit) throws SQLException {
        if (limit < 1 || limit > 10_000) {
            return error(Response.Status.BAD_REQUEST, "limit must be in [1, 10000], got " + limit);
        }
        List<Map<String, Object>> runs = db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("select " + RUN_COLUMNS
                    + " from runs r order by r.created_at desc, r.run_id limit ?")) {
                ps.setInt(1, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    return Rows.all(rs);
                }
            }
        });
        return json(runs);
    }

    /** One run with its request and its events. */
    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) throws SQLException {
        Map<String, Object> run = db.read(c -> {
            Map<String, Object> r;
            try (PreparedStatement ps = c.prepareStatement("select " + RUN_COLUMNS
                    + ", r.request::text as request from runs r where r.run_id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    r = Rows.one(rs);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("select event_key, type, k, seed, head, reason, at"
                    + " from run_events where run_id = ? order by at, event_key")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    r.put("events", Rows.all(rs));
                }
            }
            return r;
        });
        if (run == null) {
            return unknownRun(id);
        }
        try {
            run.put("request", mapper.readTree((String) run.get("request")));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored request of run " + id + " is not JSON", e);
        }
        return json(run);
    }

    /** One row per head × K × seed × OOD score, as JSON (default) or CSV. */
    @GET
    @Path("/{id}/results")
    public Response results(@PathParam("id") String id, @QueryParam("format") String format,
                            @HeaderParam(HttpHeaders.ACCEPT) String accept) throws SQLException {
        String f = format != null ? format : accept != null && accept.contains("text/csv") ? "csv" : "json";
        if (!f.equals("json") && !f.equals("csv")) {
            return error(Response.Status.BAD_REQUEST, "unknown format '" + format + "'; use json or csv");
        }
        List<Map<String, Object>> rows = db.read(c -> runExists(c, id) ? query(c, ResultColumns.SELECT, id) : null);
        if (rows == null) {
            return unknownRun(id);
        }
        return f.equals("csv") ? Response.ok(ResultsCsv.write(rows), CSV).build() : json(rows);
    }

    /** Mean and spread over seeds per head × K × OOD score (the results_summary view). */
    @GET
    @Path("/{id}/summary")
    public Response summary(@PathParam("id") String id) throws SQLException {
        List<Map<String, Object>> rows = db.read(c -> runExists(c, id) ? query(c,
                "select * from results_summary where run_id = ? order by head, k, ood_score", id) : null);
        return rows == null ? unknownRun(id) : json(rows);
    }

    private static boolean runExists(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select 1 from runs where run_id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static List<Map<String, Object>> query(Connection c, String sql, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return Rows.all(rs);
            }
        }
    }

    private static Response json(Object body) {
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static Response unknownRun(String id) {
        return error(Response.Status.NOT_FOUND, "unknown run '" + id + "'");
    }

    static Response error(Response.Status status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of("error", message)).build();
    }
}
