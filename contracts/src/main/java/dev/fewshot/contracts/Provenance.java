package dev.fewshot.contracts;

import java.util.Map;

/**
 * What produced a stored head or a step's results (docs/architecture.md, "Provenance"), kept beside it in PostgreSQL
 * ({@code heads.provenance} by the trainer, {@code evaluations.provenance} by the evaluator), as Tribuo keeps a
 * provenance with every model. Null fields are those that do not apply to the stage (an evaluation has no solver).
 *
 * @param stage           {@code fit} (trainer) or {@code evaluation} (evaluator)
 * @param software        library versions of the process that did the work (fewshot, Java, ONNX Runtime, Quarkus)
 * @param modelId         the embedding model the dataset's vectors came from
 * @param publications    per split read, the publication it came from (the latest complete one)
 * @param rows            per split read, its rows
 * @param hyperparameters what the fit chose or was given (C and how it was chosen, shrinkage, β, iteration cap)
 * @param solverStop      why the solver stopped (linear heads), else null
 * @param headFormat      the HeadCodec version the parameters are stored in
 */
public record Provenance(int version, String stage, Map<String, String> software, String modelId, String datasetId,
                         Map<String, String> publications, Map<String, Long> rows, String head, Integer k, Long seed,
                         Integer supportSize, Integer shortClasses, Map<String, Object> hyperparameters,
                         String solverStop, Integer solverIterations, Integer headFormat) {
    public static final int VERSION = 1;
    public static final String FIT = "fit";
    public static final String EVALUATION = "evaluation";

    public String toJson() {
        return Json.write(this);
    }

    /** A stored provenance; invalid JSON is an {@link InvalidMessageException} naming it. */
    public static Provenance parse(String json) {
        return Json.read(json, Provenance.class, "provenance");
    }
}
