package dev.fewshot.embedder.api;

import dev.fewshot.embedder.serving.ClassifyException;
import dev.fewshot.embedder.serving.Classifier;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * {@code POST /classify?run=ID[&head=&k=&seed=][&score=][&alpha=0.05][&set=lac|aps][&threshold=][&top=5]}: one
 * image (raw bytes, or multipart form field {@code image}) classified by a run's head. "unknown" when the conformal
 * p-value of its OOD score is ≤ alpha (at most alpha of in-distribution images refused; docs/conformal.md), with the
 * prediction set at level alpha; the run's 95%-TPR threshold is reported beside it, and a {@code threshold} given in
 * the request decides instead. Omitted head, K or seed mean the best by AUROC.
 * Every problem is a 4xx with a reason (503 while the model or database is unavailable).
 */
@Path("/classify")
@Produces(MediaType.APPLICATION_JSON)
@jakarta.inject.Singleton // one set of decode slots for every request
public class ClassifyResource {
    @Inject
    Classifier classifier;
    @Inject
    dev.fewshot.embedder.EmbedderConfig config;

    /** Decode slots: images are decoded, and held in memory, by at most this many requests at once. */
    private volatile DecodeSlots slots;

    @POST
    @Consumes({MediaType.APPLICATION_OCTET_STREAM, "image/*"})
    public Response raw(byte[] body, @QueryParam("run") String run, @QueryParam("head") String head,
                        @QueryParam("k") String k, @QueryParam("seed") String seed, @QueryParam("score") String score,
                        @QueryParam("threshold") String threshold, @QueryParam("top") String top,
                        @QueryParam("alpha") String alpha, @QueryParam("set") String set) {
        return answer(body, "request body", run, head, k, seed, score, threshold, top, alpha, set);
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response form(@RestForm("image") FileUpload image, @QueryParam("run") String run,
                         @QueryParam("head") String head, @QueryParam("k") String k, @QueryParam("seed") String seed,
                         @QueryParam("score") String score, @QueryParam("threshold") String threshold,
                         @QueryParam("top") String top, @QueryParam("alpha") String alpha,
                         @QueryParam("set") String set) {
        if (image == null) {
            return error(400, "the multipart form has no 'image' field");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(image.uploadedFile());
        } catch (IOException e) {
            return error(400, "cannot read the uploaded image: " + e.getMessage());
        }
        return answer(bytes, image.fileName() == null ? "uploaded image" : image.fileName(), run, head, k, seed, score,
                threshold, top, alpha, set);
    }

    /** The most images one batch may hold. */
    static final int MAX_BATCH = 64;

    /**
     * {@code POST /classify/batch} (multipart, one or more {@code image} fields): every image answered as by
     * {@code /classify} with the same head, plus Benjamini–Hochberg on the batch's conformal p-values at level alpha:
     * {@code bh_ood} flags the images called OOD with the false-discovery rate controlled at alpha
     * (docs/conformal.md). An image that cannot be read gets its own error; the others are answered.
     */
    @POST
    @Path("/batch")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response batch(@RestForm("image") java.util.List<FileUpload> images, @QueryParam("run") String run,
                          @QueryParam("head") String head, @QueryParam("k") String k, @QueryParam("seed") String seed,
                          @QueryParam("score") String score, @QueryParam("top") String top,
                          @QueryParam("alpha") String alpha, @QueryParam("set") String set) {
        if (images == null || images.isEmpty()) {
            return error(400, "the multipart form has no 'image' field");
        }
        if (images.size() > MAX_BATCH) {
            return error(413, images.size() + " images in one batch; at most " + MAX_BATCH);
        }
        Classifier.Query q;
        try {
            q = new Classifier.Query(run, best(head), intOrBest("k", k), longOrBest("seed", seed), score, null,
                    top == null ? 5 : (int) Math.max(0, Math.min(1000, integer("top", top))),
                    alpha == null ? null : number("alpha", alpha), set == null || set.isBlank() ? null : set.strip());
        } catch (ClassifyException e) {
            return error(e.status(), e.getMessage());
        }
        java.util.List<byte[]> bytes = new java.util.ArrayList<>();
        java.util.List<String> names = new java.util.ArrayList<>();
        for (FileUpload f : images) {
            try {
                bytes.add(Files.readAllBytes(f.uploadedFile()));
            } catch (IOException e) {
                bytes.add(null);
            }
            names.add(f.fileName() == null ? "image " + names.size() : f.fileName());
        }
        try {
            return slots().run(() -> Response.ok(classifier.classifyBatch(bytes, names, q)).build())
                    .orElseGet(this::busy);
        } catch (ClassifyException e) {
            return error(e.status(), e.getMessage());
        }
    }

    private Response answer(byte[] bytes, String name, String run, String head, String k, String seed, String score,
                            String threshold, String top, String alpha, String set) {
        Classifier.Query q;
        try {
            q = new Classifier.Query(run, best(head), intOrBest("k", k), longOrBest("seed", seed),
                    score, threshold == null ? null : number("threshold", threshold),
                    top == null ? 5 : (int) Math.max(0, Math.min(1000, integer("top", top))),
                    alpha == null ? null : number("alpha", alpha), set == null || set.isBlank() ? null : set.strip());
        } catch (ClassifyException e) {
            return error(e.status(), e.getMessage());
        }
        try {
            return slots().run(() -> Response.ok(classifier.classify(bytes, name, q)).build()).orElseGet(this::busy);
        } catch (ClassifyException e) {
            return error(e.status(), e.getMessage());
        }
    }

    private DecodeSlots slots() {
        DecodeSlots s = slots;
        if (s == null) {
            synchronized (this) {
                if (slots == null) {
                    slots = new DecodeSlots(config.embedder().classifyMaxConcurrent(), config.embedder().classifyQueueWait());
                }
                s = slots;
            }
        }
        return s;
    }

    private Response busy() {
        return Response.status(503).header("Retry-After", "1")
                .entity(Map.of("error", "busy: " + config.embedder().classifyMaxConcurrent() + " images are being classified;"
                        + " retry after 1 s")).type(MediaType.APPLICATION_JSON).build();
    }

    private static String best(String v) {
        return v == null || v.isBlank() || v.equals("best") ? null : v;
    }

    private static Integer intOrBest(String what, String v) {
        if (best(v) == null) {
            return null;
        }
        long n = integer(what, v);
        if (n < 0 || n > Integer.MAX_VALUE) {
            throw new ClassifyException(400, what + " must be a K >= 0, got '" + v + "'");
        }
        return (int) n;
    }

    private static Long longOrBest(String what, String v) {
        return best(v) == null ? null : integer(what, v);
    }

    private static long integer(String what, String v) {
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new ClassifyException(400, what + " must be an integer or 'best', got '" + v + "'");
        }
    }

    private static double number(String what, String v) {
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new ClassifyException(400, what + " must be a number, got '" + v + "'");
        }
        if (!Double.isFinite(d)) {
            throw new ClassifyException(400, what + " must be a finite number, got '" + v + "'");
        }
        return d;
    }

    static Response error(int status, String reason) {
        return Response.status(status).entity(Map.of("error", reason)).type(MediaType.APPLICATION_JSON).build();
    }
}
