package dev.fewshot.evaluator.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fewshot.core.sweep.ResultRow;
import dev.fewshot.core.sweep.ResultsCsv;
import dev.fewshot.store.entities.FailedItemEntity;
import dev.fewshot.store.repositories.MetricRepository;
import dev.fewshot.store.repositories.PlotRepository;
import dev.fewshot.store.repositories.ResultOrder;
import dev.fewshot.store.entities.DoneStepsEntity;
import dev.fewshot.store.entities.RunEntity;
import dev.fewshot.store.entities.RunEventEntity;
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
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Read-only view of runs and their results, read through Hibernate ORM with Panache (read-only entities).
 * Writes stay in the consumer's units of work (store's repositories); no request here opens a transaction.
 */
@Path("/runs")
public class RunsResource {
    static final MediaType CSV = new MediaType("text", "csv", "utf-8");
    static final MediaType HTML = new MediaType("text", "html", "utf-8");

    @Inject
    ObjectMapper mapper;

    @Inject
    ReportPages pages;

    @Inject
    PlotRepository plots;

    @Inject
    MetricRepository metrics;

    /** Runs, newest first. */
    @GET
    public Response list(@QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > 10_000) {
            return error(Response.Status.BAD_REQUEST, "limit must be in [1, 10000], got " + limit);
        }
        List<RunEntity> runs = RunEntity.newestFirst(limit);
        Map<String, Long> done = DoneStepsEntity.of(runs.stream().map(r -> r.runId).toList());
        return json(runs.stream().map(r -> Rows.run(r, done.getOrDefault(r.runId, 0L))).toList());
    }

    /** One run with its request, its events and its provenance. */
    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) {
        RunEntity r = RunEntity.findById(id);
        if (r == null) {
            return unknownRun(id);
        }
        Map<String, Object> run = Rows.run(r, DoneStepsEntity.of(List.of(id)).getOrDefault(id, 0L));
        run.put("model_id", pages.modelOf(r.datasetId));
        try {
            run.put("request", mapper.readTree(r.request));
        } catch (IOException e) {
            throw new IllegalStateException("stored request of run " + id + " is not JSON", e);
        }
        run.put("events", RunEventEntity.ofRun(id).stream().map(Rows::event).toList());
        // what produced the run's heads and results, as they recorded it (not this process's versions)
        run.put("provenance", dev.fewshot.report.RunProvenance.of(pages.provenance(id)));
        return json(run);
    }

    /** One row per head × K × seed × OOD score, as JSON (default) or CSV. */
    @GET
    @Path("/{id}/results")
    public Response results(@PathParam("id") String id, @QueryParam("format") String format,
                            @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        String f = format != null ? format : accept != null && accept.contains("text/csv") ? "csv" : "json";
        if (!f.equals("json") && !f.equals("csv")) {
            return error(Response.Status.BAD_REQUEST, "unknown format '" + format + "'; use json or csv");
        }
        if (!runExists(id)) {
            return unknownRun(id);
        }
        List<ResultRow> rows = metrics.read(id, ResultOrder.BY_HEAD);
        return f.equals("csv") ? Response.ok(ResultsCsv.write(rows.stream().map(ResultRow::fields).toList()), CSV).build()
                : json(rows.stream().map(ResultRow::jsonFields).toList());
    }

    /**
     * The run's score histograms and reliability bins (what the report draws besides the result rows), for clients
     * that render the report themselves ({@code fewshot report}).
     */
    @GET
    @Path("/{id}/plots")
    public Response plots(@PathParam("id") String id) {
        if (!runExists(id)) {
            return unknownRun(id);
        }
        return json(dev.fewshot.contracts.PlotsJson.of(plots.histograms(id),
                plots.reliability(id)));
    }

    /** Mean and spread over seeds per head × K × OOD score (the results_summary view). */
    @GET
    @Path("/{id}/summary")
    public Response summary(@PathParam("id") String id) {
        if (!runExists(id)) {
            return unknownRun(id);
        }
        return json(metrics.summary(id));
    }

    /** The images of the run's dataset that could not be embedded, with the reason (failed_items). */
    @GET
    @Path("/{id}/failed-items")
    public Response failedItems(@PathParam("id") String id) {
        RunEntity r = RunEntity.findById(id);
        if (r == null) {
            return unknownRun(id);
        }
        return json(FailedItemEntity.ofDataset(r.datasetId).stream().map(f -> Map.of("dataset_id", f.datasetId,
                "split", f.split, "item_id", f.itemId, "reason", f.reason, "at", f.occurredAt.toString())).toList());
    }

    /**
     * The run report: one self-contained HTML page with inline SVG charts (docs/report.md). A running run shows
     * what exists so far; an unknown run is the usual 404 JSON error. {@code ?score=energy} shows the charts and
     * main table for another measured OOD score (400 if the run did not measure it).
     */
    @GET
    @Path("/{id}/report")
    public Response report(@PathParam("id") String id, @QueryParam("score") String score) {
        RunEntity r = RunEntity.findById(id);
        if (r == null) {
            return unknownRun(id);
        }
        try {
            String html = pages.report(r, DoneStepsEntity.of(List.of(id)).getOrDefault(id, 0L), score);
            return Response.ok(html, HTML).build();
        } catch (IllegalArgumentException e) {
            return error(Response.Status.BAD_REQUEST, e.getMessage());
        }
    }

    private static boolean runExists(String id) {
        return RunEntity.count("runId", id) > 0;
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
