package dev.fewshot.contracts;

/** The parts of a dataset. The id is the name used in messages and on the command line. */
public enum Split {
    TRAIN("train", (byte) 1),
    TEST("test", (byte) 2),
    OOD("ood", (byte) 3),
    TEXT("text", (byte) 4);

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

    public static Split fromId(String id) {
        for (Split s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown split '" + id + "'; expected train, test, ood or text");
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
