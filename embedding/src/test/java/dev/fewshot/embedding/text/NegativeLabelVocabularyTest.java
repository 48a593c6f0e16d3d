package dev.fewshot.embedding.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class NegativeLabelVocabularyTest {

    @Test
    void wordNetNounsAndAdjectivesOfOneLowerCaseWord() {
        List<String> words = NegativeLabelVocabulary.words();
        // 55,239 single-word nouns and 17,879 adjectives in WordNet 3.1, less those that are both
        assertTrue(words.size() > 65_000 && words.size() < 73_119, words.size() + " words");
        assertTrue(words.contains("aardvark") && words.contains("nice") && words.contains("zymurgy"));
        assertTrue(words.stream().allMatch(w -> w.matches("[a-z]+")), "letters only");
        assertEquals(words.stream().sorted().distinct().toList(), words, "sorted, no duplicates");
    }
}
