package dev.fewshot.embedding.source;

import dev.fewshot.embedding.classes.ClassList;

/** Reads a label written in a listing file: a class label (a wnid, a folder name) or an index 0..C-1. */
final class Labels {
    private Labels() {
    }

    /** Result of reading one label: the index, or -1 with the reason it is not a class. */
    record Resolved(int index, String error) {
        boolean ok() {
            return error == null;
        }
    }

    /** In an unlabelled (OOD) split every item is -1, whatever its label column says. */
    static Resolved resolve(String text, ClassList classes, boolean labelled) {
        if (!labelled) {
            return new Resolved(-1, null);
        }
        String s = text == null ? "" : text.strip();
        if (s.isEmpty()) {
            return new Resolved(-1, "missing label");
        }
        // A class label wins over an index, so classes named "0", "1", ... (CIFAR-style folders) still work.
        int i = classes.indexOf(s);
        if (i >= 0) {
            return new Resolved(i, null);
        }
        if (s.chars().allMatch(Character::isDigit) && s.length() <= 9) {
            int idx = Integer.parseInt(s);
            if (idx < classes.size()) {
                return new Resolved(idx, null);
            }
            return new Resolved(-1, "label index " + idx + " outside [0, " + classes.size() + ")");
        }
        return new Resolved(-1, "label '" + s + "' is not in the class list");
    }
}
