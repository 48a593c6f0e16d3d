package dev.fewshot.core.io;

import dev.fewshot.core.InvalidInputException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The .npy preamble: magic, version, header length and the Python dict literal header. See
 * https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
 */
record NpyHeader(NpyDtype dtype, int[] shape, long dataOffset) {
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** numpy aligns the data start to 64 bytes so that it can be memory-mapped for any dtype. */
    static final int ALIGN = 64;
    /** numpy leaves room in the header so the first axis can grow in place; we match its bytes. */
    static final int GROWTH_AXIS_MAX_DIGITS = 21;
    /** Java arrays cannot hold more; larger files need a different API (chunked/streaming). */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;
    /** Far above any real header; stops a corrupt length from allocating gigabytes. */
    private static final long MAX_HEADER_BYTES = 1 << 24;
    static final String SUPPORTED = "fewshot reads little-endian float32/float64/int32/int64";

    long elementCount() {
        long n = 1;
        for (int d : shape) {
            n *= d; // cannot overflow: checked against MAX_ELEMENTS while parsing
        }
        return n;
    }

    /** Reads and validates the preamble and header from the start of the channel. */
    static NpyHeader read(FileChannel ch, long fileSize, String src) throws IOException {
        if (fileSize == 0) {
            throw new InvalidInputException(src, "not a .npy file (file is empty)");
        }
        ByteBuffer pre = ByteBuffer.allocate((int) Math.min(12, fileSize)).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, pre, 0);
        pre.flip();
        if (pre.remaining() < MAGIC.length + 2 || !hasMagic(pre)) {
            throw new InvalidInputException(src, "not a .npy file (bad magic)");
        }
        int major = pre.get(6) & 0xff;
        int minor = pre.get(7) & 0xff;
        int lenBytes;
        if (major == 1 && minor == 0) {
            lenBytes = 2;
        } else if ((major == 2 || major == 3) && minor == 0) {
            lenBytes = 4;
        } else {
            throw new InvalidInputException(src, "unsupported .npy format version " + major + "." + minor
                    + "; fewshot reads versions 1.0, 2.0 and 3.0");
        }
        int prefix = 8 + lenBytes;
        if (fileSize < prefix) {
            throw new InvalidInputException(src, "file is truncated inside the .npy header");
        }
        long headerLen = lenBytes == 2 ? pre.getShort(8) & 0xffffL : pre.getInt(8) & 0xffffffffL;
        if (headerLen > MAX_HEADER_BYTES) {
            throw new InvalidInputException(src, "header length " + headerLen + " is implausibly large; the file is corrupt");
        }
        if (prefix + headerLen > fileSize) {
            throw new InvalidInputException(src, "file is truncated inside the .npy header: header promises "
                    + headerLen + " bytes, found " + (fileSize - prefix));
        }
        ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
        readFully(ch, hb, prefix);
        // Versions 1 and 2 are latin-1; 3.0 exists only to allow utf-8 (e.g. unicode field names).
        String text = new String(hb.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        return parse(text, src, prefix + headerLen);
    }

    static NpyHeader parse(String text, String src, long dataOffset) {
        Object parsed;
        try {
            parsed = PyLiteral.parse(text);
        } catch (PyLiteral.SyntaxError e) {
            throw new InvalidInputException(src, "malformed .npy header (" + e.getMessage() + "): " + abbreviate(text));
        }
        if (!(parsed instanceof Map<?, ?> dict)) {
            throw new InvalidInputException(src, "malformed .npy header (not a dict): " + abbreviate(text));
        }
        if (!dict.keySet().equals(Set.of("descr", "fortran_order", "shape"))) {
            throw new InvalidInputException(src, "malformed .npy header (keys must be exactly 'descr', "
                    + "'fortran_order', 'shape'; found " + dict.keySet() + ")");
        }
        NpyDtype dtype = dtype(dict.get("descr"), src);
        int[] shape = shape(dict.get("shape"), src);
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw new InvalidInputException(src, "malformed .npy header (fortran_order is not True/False)");
        }
        if (fortran && !layoutIsOrderFree(shape)) {
            throw new InvalidInputException(src,
                    "Fortran-order arrays are not supported; save with np.ascontiguousarray");
        }
        return new NpyHeader(dtype, shape, dataOffset);
    }

    private static NpyDtype dtype(Object descr, String src) {
        if (descr instanceof String s) {
            NpyDtype d = NpyDtype.fromDescr(s);
            if (d != null) {
                return d;
            }
            String note = s.startsWith(">") ? "big-endian" : friendlyName(s);
            throw new InvalidInputException(src, "unsupported dtype '" + s + "'"
                    + (note == null ? "" : " (" + note + ")") + "; " + SUPPORTED);
        }
        if (descr instanceof List<?> fields) {
            StringBuilder names = new StringBuilder();
            for (Object f : fields) {
                Object name = f instanceof List<?> l && !l.isEmpty() ? l.get(0) : f;
                names.append(names.length() == 0 ? "'" : ", '").append(name).append('\'');
            }
            throw new InvalidInputException(src, "unsupported dtype (structured array with fields " + names
                    + "); " + SUPPORTED + "; save one plain field, e.g. np.save(path, arr['x'])");
        }
        throw new InvalidInputException(src, "malformed .npy header (descr is not a dtype string)");
    }

    /** A readable numpy name for dtype strings users commonly hit by accident. */
    private static String friendlyName(String descr) {
        String code = descr.isEmpty() ? "" : descr.substring(1);
        switch (code) {
            case "f2": return "float16";
            case "b1": return "bool";
            case "i1": return "int8";
            case "i2": return "int16";
            case "u1": return "uint8";
            case "u2": return "uint16";
            case "u4": return "uint32";
            case "u8": return "uint64";
            case "c8": return "complex64";
            case "c16": return "complex128";
            case "O": return "Python objects";
            default: return null;
        }
    }

    private static int[] shape(Object value, String src) {
        if (!(value instanceof List<?> dims)) {
            throw new InvalidInputException(src, "malformed .npy header (shape is not a tuple)");
        }
        int[] shape = new int[dims.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            if (!(dims.get(i) instanceof Long d) || d < 0) {
                throw new InvalidInputException(src, "malformed .npy header (invalid shape " + dims + ")");
            }
            if (d > MAX_ELEMENTS) {
                throw new InvalidInputException(src, "array too large: dimension " + d + " exceeds " + MAX_ELEMENTS);
            }
            shape[i] = (int) (long) d;
            count = d == 0 || count == 0 ? 0 : count * d; // both <= 2^31, so this does not overflow
            if (count > MAX_ELEMENTS) {
                throw new InvalidInputException(src, "array too large: shape " + dims + " has more than "
                        + MAX_ELEMENTS + " elements, the most a Java array holds");
            }
        }
        return shape;
    }

    /** With at most one axis longer than 1, C and Fortran order lay out the same bytes. */
    private static boolean layoutIsOrderFree(int[] shape) {
        int longAxes = 0;
        for (int d : shape) {
            if (d > 1) {
                longAxes++;
            }
        }
        return longAxes <= 1;
    }

    /** Encodes preamble + header exactly as numpy's write_array does (version 1.0 unless too big). */
    static byte[] encode(NpyDtype dtype, int[] shape) {
        StringBuilder sb = new StringBuilder();
        sb.append("{'descr': '").append(dtype.descr()).append("', 'fortran_order': False, 'shape': ")
                .append(shapeString(shape)).append(", }");
        if (shape.length > 0) {
            sb.append(" ".repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - Integer.toString(shape[0]).length())));
        }
        byte[] dict = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        int hlen = dict.length + 1; // + '\n'
        int major = 1;
        int prefix = 10;
        int padLen = ALIGN - (prefix + hlen) % ALIGN;
        if (hlen + padLen > 0xffff) {
            major = 2;
            prefix = 12;
            padLen = ALIGN - (prefix + hlen) % ALIGN;
        }
        int total = hlen + padLen;
        ByteBuffer out = ByteBuffer.allocate(prefix + total).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) {
            out.putShort((short) total);
        } else {
            out.putInt(total);
        }
        out.put(dict);
        for (int i = 0; i < padLen; i++) {
            out.put((byte) ' ');
        }
        out.put((byte) '\n');
        return out.array();
    }

    /** Python's repr of a shape tuple: (), (5,), (3, 4). */
    static String shapeString(int[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return sb.append(')').toString();
    }

    private static boolean hasMagic(ByteBuffer pre) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (pre.get(i) != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private static String abbreviate(String text) {
        String t = text.strip();
        return t.length() <= 200 ? t : t.substring(0, 200) + "...";
    }

    /** Positional read until the buffer is full; EOF here means the file shrank under us. */
    static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        while (buf.hasRemaining()) {
            int n = ch.read(buf, position);
            if (n < 0) {
                throw new EOFException("unexpected end of file at byte " + position);
            }
            position += n;
        }
    }
}
