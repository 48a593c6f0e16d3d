package dev.fewshot.evaluator.api;

import dev.fewshot.store.entities.DoneStepsEntity;
import dev.fewshot.report.Html;
import dev.fewshot.report.Style;
import dev.fewshot.store.entities.RunEntity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /}: the runs as an HTML page, each linking its report. A small inline script (no external JS) polls
 * {@code GET /runs} every 2 s and updates status and done/total of every row, adding runs that appear.
 */
@Path("/")
public class HomeResource {
    static final int LIMIT = 100;

    /** Polls the JSON list and patches the rows in place; data-polls counts successful polls (tests read it). */
    private static final String SCRIPT = """
            (function () {
              var body = document.body, polls = 0;
              function esc(s) { return String(s == null ? '' : s).replace(/[&<>"']/g, function (c) {
                return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c]; }); }
              function cells(r) {
                var pct = r.total_steps ? Math.round(100 * r.done / r.total_steps) : 0;
                return '<td><a href="runs/' + encodeURIComponent(r.run_id) + '/report">' + esc(r.run_id) + '</a></td>'
                  + '<td>' + esc(r.dataset_id) + '</td>'
                  + '<td><span class="badge ' + esc(r.status) + '">' + esc(r.status) + '</span></td>'
                  + '<td><span class="bar"><span style="width:' + pct + '%"></span></span>'
                  + '<span class="done">' + r.done + '</span> / <span class="total">'
                  + (r.total_steps == null ? '?' : r.total_steps) + '</span></td>'
                  + '<td>' + esc(r.created_at) + '</td>';
              }
              function poll() {
                fetch('runs', {headers: {'Accept': 'application/json'}}).then(function (res) {
                  if (!res.ok) { throw new Error(res.status); }
                  return res.json();
                }).then(function (runs) {
                  var tbody = document.getElementById('runs-body');
                  runs.forEach(function (r) {
                    var tr = tbody.querySelector('tr[data-run="' + CSS.escape(r.run_id) + '"]');
                    if (!tr) { tr = document.createElement('tr'); tr.setAttribute('data-run', r.run_id); tbody.prepend(tr); }
                    tr.innerHTML = cells(r);
                  });
                  var empty = document.getElementById('no-runs');
                  if (empty && runs.length) { empty.remove(); }
                  body.setAttribute('data-polls', String(++polls));
                }).catch(function () { body.setAttribute('data-poll-error', 'true'); });
              }
              poll();
              setInterval(poll, 2000);
            })();
            """;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public String index() {
        List<RunEntity> runs = RunEntity.newestFirst(LIMIT);
        Map<String, Long> done = DoneStepsEntity.of(runs.stream().map(r -> r.runId).toList());
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>fewshot runs</title>\n")
                .append("<style>\n").append(Style.CSS).append("</style>\n</head>\n<body>\n<main>\n")
                .append("<header><h1>fewshot runs</h1><p class=\"note\">Newest first; progress updates every 2 s. ")
                .append("JSON: <a href=\"runs\">/runs</a>.</p></header>\n<section>\n<table class=\"runs\">\n")
                .append("<thead><tr><th>run</th><th>dataset</th><th>status</th><th>evaluated steps</th>")
                .append("<th>created</th></tr></thead>\n<tbody id=\"runs-body\">\n");
        for (RunEntity r : runs) {
            long d = done.getOrDefault(r.runId, 0L);
            int pct = r.totalSteps == null || r.totalSteps == 0 ? 0 : (int) Math.round(100.0 * d / r.totalSteps);
            sb.append("<tr data-run=\"").append(Html.esc(r.runId)).append("\"><td><a href=\"runs/")
                    .append(Html.esc(java.net.URLEncoder.encode(r.runId, java.nio.charset.StandardCharsets.UTF_8)
                            .replace("+", "%20")))
                    .append("/report\">").append(Html.esc(r.runId)).append("</a></td><td>").append(Html.esc(r.datasetId))
                    .append("</td><td><span class=\"badge ").append(Html.esc(r.status)).append("\">")
                    .append(Html.esc(r.status)).append("</span></td><td><span class=\"bar\"><span style=\"width:")
                    .append(pct).append("%\"></span></span><span class=\"done\">").append(d)
                    .append("</span> / <span class=\"total\">").append(r.totalSteps == null ? "?" : r.totalSteps)
                    .append("</span></td><td>").append(r.createdAt == null ? "" : Html.esc(r.createdAt)).append("</td></tr>\n");
        }
        sb.append("</tbody></table>\n");
        if (runs.isEmpty()) {
            sb.append("<p id=\"no-runs\" class=\"empty\">No runs yet.</p>\n");
        }
        sb.append("</section>\n</main>\n<script>\n").append(SCRIPT).append("</script>\n</body>\n</html>\n");
        return sb.toString();
    }
}
