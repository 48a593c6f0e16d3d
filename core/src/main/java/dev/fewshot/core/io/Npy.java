package dev.fewshot.core.io;

import dev.fewshot.core.InvalidInputException;
import dev.fewshot.core.linalg.FloatMatrix;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reads and writes NumPy .npy files (little-endian float32/float64/int32/int64, C order).
 *
 * <p>Data moves through a fixed-size direct buffer in chunks, with bulk typed get/put on a
 * little-endian view: this runs at memory speed and, unlike one big mmap, works past 2 GB.
 * Writes go to a temp file in the target directory and are renamed into place, so readers never
 * see a half-written file.
 */
public final class Npy {
    /** 4 MiB: large enough for full disk throughput, a multiple of every item size. */
    private static final int CHUNK_BYTES = 4 << 20;

    private Npy() {
    }

    // ---------------------------------------------------------------- reading

    public static NpyArray read(Path path) {
        String src = path.toString();
        if (Files.isDirectory(path)) {
            throw new InvalidInputException(src, "is a directory, not a .npy file");
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            NpyHeader h = NpyHeader.read(ch, size, src);
            long expected = h.elementCount() * h.dtype().itemSize();
            long found = size - h.dataOffset();
            if (found < expected) {
                throw truncated(src, expected, found);
            }
            if (found > expected) {
                // np.load would silently ignore these; usually several arrays np.save'd into one handle.
                throw new InvalidInputException(src, "file has " + (found - expected)
                        + " unexpected bytes after the array data (header promises " + expected
                        + " bytes); was more than one array saved into it?");
            }
            Object data = readData(ch, h.dataOffset(), h.dtype(), (int) h.elementCount());
            return new NpyArray(src, h.dtype(), h.shape(), data);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(src, "file not found", e);
        } catch (AccessDeniedException e) {
            throw new InvalidInputException(src, "permission denied", e);
        } catch (EOFException e) {
            throw new InvalidInputException(src, "file is truncated (it shrank while being read)", e);
        } catch (IOException e) {
            throw new InvalidInputException(src, "cannot read file: " + e, e);
        }
    }

    private static InvalidInputException truncated(String src, long expected, long found) {
        return new InvalidInputException(src, "file is truncated: header promises " + expected
                + " bytes of data, found " + found);
    }

    private static Object readData(FileChannel ch, long offset, NpyDtype dtype, int count) throws IOException {
        Object out = newArray(dtype, count);
        int item = dtype.itemSize();
        ByteBuffer buf = ByteBuffer.allocateDirect((int) Math.min(CHUNK_BYTES, Math.max(item, (long) count * item)))
                .order(ByteOrder.LITTLE_ENDIAN);
        int perChunk = buf.capacity() / item;
        long pos = offset;
        for (int done = 0; done < count; ) {
            int n = Math.min(perChunk, count - done);
            buf.clear().limit(n * item);
            NpyHeader.readFully(ch, buf, pos);
            buf.flip();
            switch (dtype) {
                case FLOAT32 -> buf.asFloatBuffer().get((float[]) out, done, n);
                case FLOAT64 -> buf.asDoubleBuffer().get((double[]) out, done, n);
                case INT32 -> buf.asIntBuffer().get((int[]) out, done, n);
                case INT64 -> buf.asLongBuffer().get((long[]) out, done, n);
            }
            pos += (long) n * item;
            done += n;
        }
        return out;
    }

    private static Object newArray(NpyDtype dtype, int count) {
        return switch (dtype) {
            case FLOAT32 -> new float[count];
            case FLOAT64 -> new double[count];
            case INT32 -> new int[count];
            case INT64 -> new long[count];
        };
    }

    // ---------------------------------------------------------------- writing

    /** Writes a 2-D float32 array of shape [rows, cols]. */
    public static void writeFloat32(Path path, FloatMatrix m) {
        write(path, NpyDtype.FLOAT32, new int[] {m.rows(), m.cols()}, m.data(), m.data().length);
    }

    /** Writes float32 data with the given C-order shape; no shape means 1-D. Bits are kept as-is (NaN payloads too). */
    public static void writeFloat32(Path path, float[] data, int... shape) {
        write(path, NpyDtype.FLOAT32, checkShape(shape, data.length), data, data.length);
    }

    /** Writes float64 data with the given C-order shape; no shape means 1-D. */
    public static void writeFloat64(Path path, double[] data, int... shape) {
        write(path, NpyDtype.FLOAT64, checkShape(shape, data.length), data, data.length);
    }

    /** Writes a 1-D int32 array (e.g. labels). */
    public static void writeInt32(Path path, int[] data) {
        write(path, NpyDtype.INT32, new int[] {data.length}, data, data.length);
    }

    /** Writes a 1-D int64 array; numpy's default integer type, so the least surprising for labels. */
    public static void writeInt64(Path path, long[] data) {
        write(path, NpyDtype.INT64, new int[] {data.length}, data, data.length);
    }

    /** Writes int values as a 1-D int64 array. */
    public static void writeInt64(Path path, int[] data) {
        long[] wide = new long[data.length];
        for (int i = 0; i < data.length; i++) {
            wide[i] = data[i];
        }
        writeInt64(path, wide);
    }

    /**
     * Opens a float32 array of shape [rows, rowShape...] to be written row by row, when the number of rows is known
     * only at the end (vectors of a list of images). numpy pads the header so the first axis can grow in place;
     * {@link RowWriter#finish} rewrites it with the final count and moves the file into place atomically.
     */
    public static RowWriter rowWriter(Path path, int... rowShape) {
        return new RowWriter(path, rowShape);
    }

    /** See {@link #rowWriter}. Not thread-safe. Closing without {@link #finish} removes the partial file. */
    public static final class RowWriter implements AutoCloseable {
        private final String src;
        private final Path target;
        private final int[] rowShape;
        private final int rowFloats;
        private final int headerBytes;
        private Path tmp;
        private FileChannel ch;
        private long rows;
        private final ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);

        private RowWriter(Path path, int[] rowShape) {
            this.src = path.toString();
            this.target = path.toAbsolutePath();
            this.rowShape = rowShape.clone();
            long n = 1;
            for (int d : rowShape) {
                if (d <= 0) {
                    throw new IllegalArgumentException("row shape " + NpyHeader.shapeString(rowShape) + " has a dimension <= 0");
                }
                n *= d;
            }
            if (n * Float.BYTES > CHUNK_BYTES) {
                throw new IllegalArgumentException("a row of " + n + " floats is larger than one write chunk");
            }
            this.rowFloats = (int) n;
            byte[] header = NpyHeader.encode(NpyDtype.FLOAT32, shape(0));
            this.headerBytes = header.length;
            try {
                tmp = createTemp(target.getParent(), target.getFileName().toString());
                ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
                writeFully(ch, ByteBuffer.wrap(header));
            } catch (NoSuchFileException e) {
                throw new InvalidInputException(src, "cannot write: directory " + target.getParent() + " does not exist", e);
            } catch (IOException e) {
                close();
                throw new InvalidInputException(src, "cannot write: " + e, e);
            }
        }

        private int[] shape(long n) {
            int[] shape = new int[rowShape.length + 1];
            shape[0] = Math.toIntExact(n);
            System.arraycopy(rowShape, 0, shape, 1, rowShape.length);
            return shape;
        }

        /** Appends {@code n} rows: the first {@code n · rowFloats} floats from the buffer's position (left unchanged). */
        public void append(java.nio.FloatBuffer data, int n) {
            java.nio.FloatBuffer src = data.duplicate();
            try {
                for (int done = 0; done < n; ) {
                    int k = Math.min(n - done, CHUNK_BYTES / Float.BYTES / rowFloats);
                    buf.clear();
                    src.limit(src.position() + k * rowFloats);
                    buf.asFloatBuffer().put(src);
                    buf.limit(k * rowFloats * Float.BYTES);
                    writeFully(ch, buf);
                    done += k;
                }
            } catch (IOException e) {
                throw new InvalidInputException(this.src, "cannot write: " + e, e);
            }
            rows += n;
        }

        /** Appends {@code n} rows from {@code data}, starting at float {@code offset}. */
        public void append(float[] data, int offset, int n) {
            append(java.nio.FloatBuffer.wrap(data, offset, n * rowFloats).slice(), n);
        }

        public long rows() {
            return rows;
        }

        /** Writes the final row count into the header and moves the file into place. */
        public void finish() {
            try {
                byte[] header = NpyHeader.encode(NpyDtype.FLOAT32, shape(rows));
                if (header.length != headerBytes) {
                    throw new IllegalStateException("npy header grew from " + headerBytes + " to " + header.length + " bytes");
                }
                ch.write(ByteBuffer.wrap(header), 0);
                ch.force(false);
                ch.close();
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
                tmp = null;
            } catch (IOException e) {
                throw new InvalidInputException(src, "cannot write: " + e, e);
            }
        }

        @Override
        public void close() {
            try {
                if (ch != null) {
                    ch.close();
                }
                if (tmp != null) {
                    Files.deleteIfExists(tmp);
                }
            } catch (IOException ignored) {
                // nothing useful to add to the error that brought us here
            }
        }
    }

    private static int[] checkShape(int[] shape, int length) {
        if (shape.length == 0) {
            return new int[] {length};
        }
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + NpyHeader.shapeString(shape));
            }
            n *= d;
        }
        if (n != length) {
            throw new IllegalArgumentException("shape " + NpyHeader.shapeString(shape) + " needs " + n
                    + " elements, data has " + length);
        }
        return shape.clone();
    }

    private static void write(Path path, NpyDtype dtype, int[] shape, Object data, int count) {
        String src = path.toString();
        Path target = path.toAbsolutePath();
        Path dir = target.getParent();
        Path tmp = null;
        try {
            tmp = createTemp(dir, target.getFileName().toString());
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                writeFully(ch, ByteBuffer.wrap(NpyHeader.encode(dtype, shape)));
                writeData(ch, dtype, data, count);
                ch.force(false); // data on disk before the rename makes it visible
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(src, "cannot write: directory " + dir + " does not exist", e);
        } catch (AccessDeniedException e) {
            throw new InvalidInputException(src, "cannot write: permission denied", e);
        } catch (IOException e) {
            throw new InvalidInputException(src, "cannot write: " + e, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original error matters more than a leftover temp file
                }
            }
        }
    }

    /**
     * A hidden temp file next to the target so the final rename stays on one file system. Not
     * Files.createTempFile: that makes the file owner-only (0600), which would then stick.
     */
    private static Path createTemp(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return tmp;
            } catch (FileAlreadyExistsException e) {
                if (attempt > 10) {
                    throw e;
                }
            }
        }
    }

    private static void writeData(FileChannel ch, NpyDtype dtype, Object data, int count) throws IOException {
        int item = dtype.itemSize();
        ByteBuffer buf = ByteBuffer.allocateDirect((int) Math.min(CHUNK_BYTES, Math.max(item, (long) count * item)))
                .order(ByteOrder.LITTLE_ENDIAN);
        int perChunk = buf.capacity() / item;
        for (int done = 0; done < count; ) {
            int n = Math.min(perChunk, count - done);
            buf.clear();
            switch (dtype) {
                case FLOAT32 -> buf.asFloatBuffer().put((float[]) data, done, n);
                case FLOAT64 -> buf.asDoubleBuffer().put((double[]) data, done, n);
                case INT32 -> buf.asIntBuffer().put((int[]) data, done, n);
                case INT64 -> buf.asLongBuffer().put((long[]) data, done, n);
            }
            buf.limit(n * item);
            writeFully(ch, buf);
            done += n;
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }
}
