package dev.fewshot.core.io;

import static dev.fewshot.core.io.NpyFixtures.assertInvalid;
import static dev.fewshot.core.io.NpyFixtures.fixture;
import static dev.fewshot.core.io.NpyFixtures.floatsLE;
import static dev.fewshot.core.io.NpyFixtures.rawNpy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fewshot.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every broken or unsupported file gives an InvalidInputException naming the file and the problem. */
class NpyErrorTest {
    @TempDir
    Path dir;

    @Test
    void bigEndian() {
        Path p = fixture("f4_bigendian.npy");
        assertInvalid(p, () -> Npy.read(p), "unsupported dtype '>f4'", "big-endian", "little-endian float32");
    }

    @Test
    void fortranOrder() {
        Path p = fixture("f4_fortran.npy");
        assertInvalid(p, () -> Npy.read(p), "Fortran-order arrays are not supported", "np.ascontiguousarray");
    }

    @Test
    void unsupportedDtypes() {
        Path f2 = fixture("f2.npy");
        assertInvalid(f2, () -> Npy.read(f2), "unsupported dtype '<f2'", "float16");
        Path bool = fixture("bool.npy");
        assertInvalid(bool, () -> Npy.read(bool), "unsupported dtype '|b1'", "bool");
        Path structured = fixture("structured.npy");
        assertInvalid(structured, () -> Npy.read(structured), "unsupported dtype", "structured");
    }

    @Test
    void truncatedData() {
        Path p = fixture("f4_truncated.npy");
        assertInvalid(p, () -> Npy.read(p), "file is truncated: header promises 48 bytes of data, found 40");
    }

    @Test
    void notNpy() throws IOException {
        Path p = fixture("not_npy.npy");
        assertInvalid(p, () -> Npy.read(p), "not a .npy file (bad magic)");
        Path empty = Files.write(dir.resolve("empty.npy"), new byte[0]);
        assertInvalid(empty, () -> Npy.read(empty), "not a .npy file", "empty");
        Path tiny = Files.write(dir.resolve("tiny.npy"), new byte[] {(byte) 0x93, 'N', 'U'});
        assertInvalid(tiny, () -> Npy.read(tiny), "not a .npy file (bad magic)");
    }

    @Test
    void truncatedHeader() throws IOException {
        byte[] full = Files.readAllBytes(fixture("f4_v1.npy"));
        Path p = Files.write(dir.resolve("cut.npy"), java.util.Arrays.copyOf(full, 40));
        assertInvalid(p, () -> Npy.read(p), "truncated inside the .npy header");
        Path q = Files.write(dir.resolve("cut9.npy"), java.util.Arrays.copyOf(full, 9));
        assertInvalid(q, () -> Npy.read(q), "truncated inside the .npy header");
    }

    @Test
    void unknownVersion() throws IOException {
        byte[] bytes = Files.readAllBytes(fixture("f4_v1.npy"));
        bytes[6] = 4;
        Path p = Files.write(dir.resolve("v4.npy"), bytes);
        assertInvalid(p, () -> Npy.read(p), "unsupported .npy format version 4.0");
        bytes[6] = 1;
        bytes[7] = 1;
        Path q = Files.write(dir.resolve("v11.npy"), bytes);
        assertInvalid(q, () -> Npy.read(q), "unsupported .npy format version 1.1");
    }

    @Test
    void trailingBytes() {
        Path p = rawNpy(dir.resolve("two.npy"), 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,)}",
                floatsLE(1f, 2f, 3f));
        assertInvalid(p, () -> Npy.read(p), "4 unexpected bytes after the array data");
    }

    @Test
    void missingFileAndDirectory() {
        Path missing = dir.resolve("nope.npy");
        InvalidInputException e = assertInvalid(missing, () -> Npy.read(missing), "file not found");
        assertEquals(missing.toString(), e.input());
        assertInvalid(dir, () -> Npy.read(dir), "is a directory");
    }

    @Test
    void wrongKindConversions() {
        Path ints = fixture("i4_v1.npy");
        assertInvalid(ints, () -> Npy.read(ints).toFloatArray(), "expected floating-point data", "int32");
        assertInvalid(ints, () -> Npy.read(ints).toDoubleArray(), "expected floating-point data", "int32");
        Path floats = fixture("f4_v1.npy");
        assertInvalid(floats, () -> Npy.read(floats).toIntArray(), "expected integer data", "float32");
        assertInvalid(floats, () -> Npy.read(floats).toLongArray(), "expected integer data", "float32");
        Path big = fixture("labels_too_big.npy");
        assertInvalid(big, () -> Npy.read(big).toIntArray(), "value 2147483648 at index 1", "32-bit int");
    }
}
