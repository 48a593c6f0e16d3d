package dev.fewshot.embedding.classes;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The classes of a dataset in index order: a label (an ImageNet wnid such as {@code n01440764}, or any
 * folder name) maps to its index, and each index has the name used in text prompts.
 */
public final class ClassList {
    private final List<String> labels;
    private final List<String> names;
    private final Map<String, Integer> indexByLabel;

    public ClassList(List<String> labels, List<String> names) {
        if (labels.size() != names.size()) {
            throw new IllegalArgumentException(labels.size() + " labels but " + names.size() + " names");
        }
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("a class list needs at least one class");
        }
        this.labels = List.copyOf(labels);
        this.names = List.copyOf(names);
        this.indexByLabel = new HashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            if (indexByLabel.put(Objects.requireNonNull(labels.get(i)), i) != null) {
                throw new IllegalArgumentException("class label '" + labels.get(i) + "' appears twice");
            }
        }
    }

    /** The 1000 ImageNet-1k classes (sorted wnids) with OpenAI's hand-edited CLIP names. */
    public static ClassList imagenet() {
        try (InputStream in = ClassList.class.getResourceAsStream("/dev/fewshot/embedding/data/imagenet-classes.tsv")) {
            return parseTsv(in, "imagenet-classes.tsv (bundled)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a class list file: either a TSV with a header naming {@code wnid} (or {@code label}) and
     * {@code clip_name} (or {@code name}) columns, or one class per line ({@code label} or
     * {@code label<TAB>name}) in index order.
     */
    public static ClassList fromFile(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parseTsv(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read class list " + file + ": " + e.getMessage(), e);
        }
    }

    static ClassList parseTsv(InputStream in, String source) throws IOException {
        if (in == null) {
            throw new IllegalArgumentException("class list " + source + " not found");
        }
        List<String> labels = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line = r.readLine();
            int labelCol = 0;
            int nameCol = 1;
            if (line != null && line.contains("\t") && (line.contains("wnid") || line.contains("label"))) {
                List<String> header = List.of(line.split("\t", -1));
                labelCol = header.indexOf("wnid") >= 0 ? header.indexOf("wnid") : header.indexOf("label");
                nameCol = header.indexOf("clip_name") >= 0 ? header.indexOf("clip_name") : header.indexOf("name");
                line = r.readLine();
            }
            for (int lineNo = 2; line != null; line = r.readLine(), lineNo++) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (labelCol >= f.length) {
                    throw new IllegalArgumentException("class list " + source + " line " + lineNo + " has no label column");
                }
                String label = f[labelCol].strip();
                String name = nameCol >= 0 && nameCol < f.length ? f[nameCol].strip() : label;
                labels.add(label);
                names.add(name.isEmpty() ? label : name);
            }
        }
        return new ClassList(labels, names);
    }

    public int size() {
        return labels.size();
    }

    public String label(int index) {
        return labels.get(index);
    }

    /** The name used in prompts ("tench", "goldfish", ...). */
    public String name(int index) {
        return names.get(index);
    }

    public List<String> names() {
        return names;
    }

    /** The index of a label, or -1 if the label is not a class of this list. */
    public int indexOf(String label) {
        Integer i = indexByLabel.get(label);
        return i == null ? -1 : i;
    }
}
