package dev.fewshot.report;

import dev.fewshot.contracts.Provenance;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The report's provenance block: what the run's stored heads and evaluations recorded (software per stage, model,
 * data publications, head format), each value listed once, so a run whose heads came from two builds shows both.
 */
public final class RunProvenance {
    private RunProvenance() {
    }

    /** Key to the distinct values recorded, in a fixed order; "not recorded" when nothing was. */
    public static Map<String, String> of(List<Provenance> recorded) {
        Map<String, TreeSet<String>> values = new LinkedHashMap<>();
        for (Provenance p : recorded) {
            String stage = Provenance.FIT.equals(p.stage()) ? "trainer" : "evaluator";
            if (p.software() != null) {
                p.software().forEach((lib, v) -> add(values, lib + " (" + stage + ")", v));
            }
            add(values, "model", p.modelId());
            if (p.publications() != null) {
                p.publications().forEach((split, pub) -> add(values, split + " split", pub
                        + (p.rows() != null && p.rows().get(split) != null ? " (" + p.rows().get(split) + " rows)" : "")));
            }
            if (p.headFormat() != null) {
                add(values, "head format", "v" + p.headFormat());
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        if (values.isEmpty()) {
            out.put("provenance", "not recorded (heads stored before provenance was kept)");
            return out;
        }
        values.forEach((k, v) -> out.put(k, String.join("; ", new ArrayList<>(v))));
        return out;
    }

    private static void add(Map<String, TreeSet<String>> values, String key, String value) {
        if (value != null && !value.isEmpty()) {
            values.computeIfAbsent(key, x -> new TreeSet<>()).add(value);
        }
    }
}
