package dev.fewshot.core.heads;

import dev.fewshot.core.linalg.FloatMatrix;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The versioned byte format of fitted heads, as stored in PostgreSQL:
 * <pre>
 *   "FSHD"  magic, 4 bytes
 *   u16     format version (3; 2, without the Gaussian head's background and the zero-shot head's negative
 *           labels, and 1, also without the linear heads' solver outcome, are still read)
 *   u8      head kind code
 *   ...     the head's payload, little-endian
 * </pre>
 * Floats are written as their raw bits, so a round trip is bit-exact.
 */
public final class HeadCodec {
    public static final int VERSION = 3;
    private static final int OLDEST_READ = 1;
    private static final byte[] MAGIC = {'F', 'S', 'H', 'D'};
    private static final int HEADER = 4 + 2 + 1;

    private HeadCodec() {
    }

    public static byte[] encode(Head head) {
        ByteBuffer out = ByteBuffer.allocate(HEADER + head.payloadBytes()).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).putShort((short) VERSION).put((byte) head.kind().code());
        head.writePayload(out);
        if (out.hasRemaining()) {
            throw new IllegalStateException(head.kind() + " wrote " + out.position() + " of " + out.capacity() + " bytes");
        }
        return out.array();
    }

    public static Head decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        try {
            for (byte m : MAGIC) {
                if (in.get() != m) {
                    throw new IllegalArgumentException("not a fewshot head (bad magic)");
                }
            }
            int version = Short.toUnsignedInt(in.getShort());
            if (version < OLDEST_READ || version > VERSION) {
                throw new IllegalArgumentException("unsupported head format version " + version + " (this build reads "
                        + OLDEST_READ + " to " + VERSION + ")");
            }
            HeadKind kind = HeadKind.fromCode(Byte.toUnsignedInt(in.get()));
            Head head = switch (kind) {
                case ZERO_SHOT, PROTOTYPE -> CosineHead.read(kind, in, version);
                case LINEAR, LINEAR_ZS, GDA -> LinearHead.read(kind, in, version);
                case GAUSSIAN -> GaussianHead.read(in, version);
                case TIP_ADAPTER -> dev.fewshot.core.heads.cache.TipAdapterHead.read(in);
            };
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(in.remaining() + " trailing bytes after a " + kind + " head");
            }
            return head;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("head bytes are truncated (" + bytes.length + " bytes)", e);
        }
    }

    static void writeFloats(ByteBuffer out, float[] values) {
        out.asFloatBuffer().put(values);
        out.position(out.position() + 4 * values.length);
    }

    static float[] readFloats(ByteBuffer in, int n) {
        if (in.remaining() < 4L * n) {
            throw new BufferUnderflowException();
        }
        float[] v = new float[n];
        in.asFloatBuffer().get(v);
        in.position(in.position() + 4 * n);
        return v;
    }

    static FloatMatrix readMatrix(ByteBuffer in, int rows, int cols) {
        if (rows < 0 || cols < 0 || (long) rows * cols > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("bad matrix shape " + rows + "x" + cols);
        }
        return new FloatMatrix(rows, cols, readFloats(in, rows * cols));
    }
}
