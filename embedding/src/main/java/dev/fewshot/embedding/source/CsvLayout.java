package dev.fewshot.embedding.source;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.fewshot.embedding.classes.ClassList;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A CSV with a header naming the images of a folder. Two headers are understood:
 * {@code file,label} (any column order, extra columns allowed), and ImageNet's {@code LOC_val_solution.csv}
 * ({@code ImageId,PredictionString}: the file is {@code <ImageId>.JPEG} unless the id already has an image
 * extension, the label is the first token of the prediction string).
 *
 * @param root the image folder; entries are relative to it
 * @param csv  the CSV file; it too must lie inside the data roots
 */
public record CsvLayout(String root, String csv) implements SourceLayout {
    private static final CsvFactory CSV = CsvFactory.builder()
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
            .build();

    @Override
    public SourceListing list(DataRoots roots, ClassList classes, boolean labelled) {
        Path dir = SourceLayouts.directory(roots, root);
        Path file = SourceLayouts.file(roots, csv);
        ListingBuilder b = new ListingBuilder(roots, dir);
        Columns cols = null;
        // Rows are read token by token: the line of a row's first value is exact (blank lines, CRLF and
        // quoted line breaks included), which a failed item needs to point at the row.
        try (JsonParser p = CSV.createParser(file.toFile())) {
            List<String> row = new ArrayList<>();
            long line = 0;
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.START_ARRAY) {
                    row.clear();
                    line = 0;
                } else if (t == JsonToken.END_ARRAY) {
                    if (cols == null) {
                        cols = Columns.of(row, labelled, csv);
                    } else {
                        row(b, cols, row, "line " + line, classes, labelled);
                    }
                } else {
                    if (line == 0) {
                        line = p.currentTokenLocation().getLineNr();
                    }
                    row.add(p.getText());
                }
            }
        } catch (IOException e) {
            // An unterminated quote and the like: the rest of the file cannot be trusted, so the split fails.
            throw new SourceException(csv, "malformed CSV: " + e.getMessage(), e);
        }
        if (cols == null) {
            throw new SourceException(csv, "empty CSV (no header)");
        }
        return b.build();
    }

    private static void row(ListingBuilder b, Columns cols, List<String> row, String where, ClassList classes,
                            boolean labelled) {
        if (row.size() != cols.width) {
            // Field counts must match: an unquoted comma in a file name would otherwise shift the label.
            b.fail(where, where + ": expected " + cols.width + " fields, got " + row.size());
            return;
        }
        String name = row.get(cols.file).strip();
        String labelText = cols.label >= 0 ? row.get(cols.label) : "";
        if (cols.imageNetLoc) {
            if (!name.isEmpty() && !ListingBuilder.isImageName(name)) {
                name = name + ".JPEG";
            }
            String[] tokens = labelText.strip().split("\\s+");
            labelText = tokens[0];
        }
        String id = b.claim(name, where);
        if (id == null) {
            return;
        }
        Labels.Resolved label = Labels.resolve(labelText, classes, labelled);
        if (!label.ok()) {
            b.fail(id, where + ": " + label.error());
            return;
        }
        b.addFile(id, label.index(), where);
    }

    /** Where the file and label columns are, from the header. */
    private record Columns(int width, int file, int label, boolean imageNetLoc) {
        static Columns of(List<String> header, boolean labelled, String csv) {
            List<String> h = header.stream().map(s -> s.strip().toLowerCase(Locale.ROOT)).toList();
            int file = h.indexOf("file");
            int label = h.indexOf("label");
            boolean loc = false;
            if (file < 0 && h.contains("imageid")) {
                file = h.indexOf("imageid");
                label = h.indexOf("predictionstring");
                loc = true;
            }
            if (file < 0) {
                throw new SourceException(csv, "CSV header must name columns file,label or ImageId,PredictionString;"
                        + " found " + header);
            }
            if (label < 0 && labelled) {
                throw new SourceException(csv, "labelled split but the CSV header has no "
                        + (loc ? "PredictionString" : "label") + " column; found " + header);
            }
            return new Columns(header.size(), file, label, loc);
        }
    }
}
