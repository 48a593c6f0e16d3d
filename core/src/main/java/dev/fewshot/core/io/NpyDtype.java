package dev.fewshot.core.io;

/** The element types fewshot reads and writes. All little-endian, matching numpy's default on x86/ARM. */
public enum NpyDtype {
    FLOAT32("<f4", 4),
    FLOAT64("<f8", 8),
    INT32("<i4", 4),
    INT64("<i8", 8);

    private final String descr;
    private final int itemSize;

    NpyDtype(String descr, int itemSize) {
        this.descr = descr;
        this.itemSize = itemSize;
    }

    /** numpy's dtype string as written in the header, e.g. {@code <f4}. */
    public String descr() {
        return descr;
    }

    /** Bytes per element. */
    public int itemSize() {
        return itemSize;
    }

    public boolean isFloatingPoint() {
        return this == FLOAT32 || this == FLOAT64;
    }

    /** The lower-case numpy name, e.g. {@code float32}, for messages. */
    public String numpyName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Looks up a header descr; null if it is not one of ours. */
    static NpyDtype fromDescr(String descr) {
        for (NpyDtype d : values()) {
            if (d.descr.equals(descr)) {
                return d;
            }
        }
        return null;
    }
}
