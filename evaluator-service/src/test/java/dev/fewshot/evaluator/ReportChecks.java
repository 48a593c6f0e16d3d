package dev.fewshot.evaluator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a report page (server HTML or the browser's DOM, single or double quotes): its charts and table rows. */
final class ReportChecks {
    private ReportChecks() {
    }

    /** data-chart id → the figure's markup. */
    static Map<String, String> charts(String html) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("<figure class=\"chart\" data-chart=\"([^\"]+)\">(.*?)</figure>", Pattern.DOTALL)
                .matcher(html);
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    /** Paths drawn in a stroke colour: the number of line segments (L commands) of each. */
    static List<Integer> strokedPathSegments(String svg, String rgb) {
        List<Integer> out = new ArrayList<>();
        Matcher m = Pattern.compile("<g style=[\"'][^\"']*stroke:\\s*rgb\\(" + Pattern.quote(rgb)
                + "\\)[^>]*>\\s*<path d=[\"']([^\"']*)[\"']").matcher(svg);
        while (m.find()) {
            out.add(count(m.group(1), "L"));
        }
        return out;
    }

    /** Filled rectangles of a colour with a positive height (histogram or reliability bars). */
    static int bars(String svg, String rgb) {
        Matcher m = Pattern.compile("<rect [^>]*height=[\"']([0-9.]+)[\"'][^>]*fill:\\s*rgb\\(" + Pattern.quote(rgb)
                + "\\)").matcher(svg);
        int n = 0;
        while (m.find()) {
            if (Double.parseDouble(m.group(1)) > 0) {
                n++;
            }
        }
        return n;
    }

    /** The rows of the results table of one score: "head/K". */
    static List<String> tableRows(String html, String score) {
        Matcher t = Pattern.compile("<table class=\"results\" data-score=\"" + score + "\">(.*?)</table>", Pattern.DOTALL)
                .matcher(html);
        List<String> out = new ArrayList<>();
        if (t.find()) {
            Matcher r = Pattern.compile("<tr class=\"(?:ref|row)\" data-head=\"([^\"]+)\" data-k=\"(\\d+)\"")
                    .matcher(t.group(1));
            while (r.find()) {
                out.add(r.group(1) + "/" + r.group(2));
            }
        }
        return out;
    }

    static int count(String s, String literal) {
        int n = 0;
        for (int i = s.indexOf(literal); i >= 0; i = s.indexOf(literal, i + literal.length())) {
            n++;
        }
        return n;
    }
}
