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
import java.util.List;

/** Prompt templates such as {@code "a photo of a {}."}; {@code {}} stands for the class name. */
public record PromptTemplates(List<String> templates) {
    public PromptTemplates {
        templates = List.copyOf(templates);
        if (templates.isEmpty()) {
            throw new IllegalArgumentException("at least one prompt template is needed");
        }
        for (String t : templates) {
            if (!t.contains("{}")) {
                throw new IllegalArgumentException("prompt template '" + t + "' has no {} for the class name");
            }
        }
    }

    /** CLIP's 80-template ImageNet ensemble. */
    public static PromptTemplates imagenet80() {
        try (InputStream in = PromptTemplates.class.getResourceAsStream("/dev/fewshot/embedding/data/imagenet-templates.txt")) {
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** NegLabel's prompt for its negative labels, "The nice {}." (Jiang et al., ICLR 2024, their code). */
    public static PromptTemplates negLabel() {
        return new PromptTemplates(List.of("The nice {}."));
    }

    /** The single prompt "a photo of a {}.". */
    public static PromptTemplates single() {
        return new PromptTemplates(List.of("a photo of a {}."));
    }

    /** One template per line; blank lines are skipped. */
    public static PromptTemplates fromFile(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read prompt templates " + file + ": " + e.getMessage(), e);
        }
    }

    private static PromptTemplates parse(InputStream in) throws IOException {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank()) {
                    out.add(line.strip());
                }
            }
        }
        return new PromptTemplates(out);
    }

    public int size() {
        return templates.size();
    }

    /** The prompt for one class name and template. */
    public String fill(int template, String className) {
        return templates.get(template).replace("{}", className);
    }
}
