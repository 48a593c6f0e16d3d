package dev.fewshot.contracts;

/** The parts of a dataset. The id is the name used in messages and on the command line. */
public enum Split {
    TRAIN("train", (byte) 1),
    TEST("test", (byte) 2),
    OOD("ood", (byte) 3),
    TEXT("text", (byte) 4),
    /** NegLabel's candidate negative labels: text embeddings of WordNet words, row i for word i. */
    NEGATIVES("negatives", (byte) 5);

    private final String id;
    private final byte code;

    Split(String id, byte code) {
        this.id = id;
        this.code = code;
    }

    public String id() {
        return id;
    }

    byte code() {
        return code;
    }

    /** Whether the split holds text embeddings (one row per class or word, in label order), not images. */
    public boolean isText() {
        return this == TEXT || this == NEGATIVES;
    }

    /** The split ids, for messages: "train, test, ood, text or negatives". */
    public static String known() {
        StringBuilder sb = new StringBuilder();
        Split[] all = values();
        for (int i = 0; i < all.length; i++) {
            sb.append(i == 0 ? "" : i == all.length - 1 ? " or " : ", ").append(all[i].id);
        }
        return sb.toString();
    }

    public static Split fromId(String id) {
        for (Split s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown split '" + id + "'; expected " + known());
    }

    static Split fromCode(byte code) {
        for (Split s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown split code " + code);
    }
}
