package dev.fewshot.core.io;

import static dev.fewshot.core.io.NpyFixtures.assertInvalid;
import static dev.fewshot.core.io.NpyFixtures.floatsLE;
import static dev.fewshot.core.io.NpyFixtures.rawNpy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hand-written headers: legal Python literal variations must parse, malformed ones must fail clearly. */
class NpyHeaderTest {
    @TempDir
    Path dir;

    private static final byte[] FOUR = floatsLE(1f, 2f, 3f, 4f);

    @ParameterizedTest
    @ValueSource(strings = {
        "{'descr':'<f4','fortran_order':False,'shape':(2,2)}",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }          \n",
        "{ \"shape\" : ( 2 , 2 , ) ,\n 'fortran_order' : False , 'descr' : \"<f4\" , }\n",
        "{'descr': u'<f4', 'fortran_order': False, 'shape': (2L, 2L), }\n",
        "\t{'fortran_order': False, 'shape': (2, 2), 'descr': '<f4'}\u0000\u0000",
        // C and Fortran order are the same bytes when only one axis is longer than 1.
        "{'descr': '<f4', 'fortran_order': True, 'shape': (4, 1), }\n",
        "{'descr': '<f4', 'fortran_order': False, 'shape': [2, 2]}",
    })
    void legalVariationsParse(String header) {
        Path p = rawNpy(dir.resolve("h.npy"), 1, header, FOUR);
        assertArrayEquals(new float[] {1f, 2f, 3f, 4f}, Npy.read(p).toFloatArray());
    }

    @Test
    void version2And3Headers() {
        String h = "{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }\n";
        assertArrayEquals(new int[] {4}, Npy.read(rawNpy(dir.resolve("v2.npy"), 2, h, FOUR)).shape());
        assertArrayEquals(new int[] {4}, Npy.read(rawNpy(dir.resolve("v3.npy"), 3, h, FOUR)).shape());
    }

    @Test
    void scalarShape() {
        Path p = rawNpy(dir.resolve("s.npy"), 1, "{'descr': '<f4', 'fortran_order': False, 'shape': ()}", floatsLE(7f));
        NpyArray a = Npy.read(p);
        assertArrayEquals(new int[0], a.shape());
        assertArrayEquals(new float[] {7f}, a.toFloatArray());
    }

    @Test
    void malformedHeaders() {
        expectBad("{'descr': '<f4', 'fortran_order': False, 'shape': (4,)", "malformed .npy header", "end of header");
        expectBad("{'descr': '<f4', 'fortran_order': Flase, 'shape': (4,)}", "malformed .npy header", "Flase");
        expectBad("{'descr': '<f4', 'shape': (4,)}", "keys must be exactly");
        expectBad("{'descr': '<f4', 'fortran_order': False, 'shape': (4,), 'extra': 1}", "keys must be exactly");
        expectBad("{'descr': '<f4', 'fortran_order': False, 'shape': (-4,)}", "invalid shape");
        expectBad("{'descr': '<f4', 'fortran_order': False, 'shape': 4}", "shape is not a tuple");
        expectBad("{'descr': '<f4', 'fortran_order': 0, 'shape': (4,)}", "fortran_order");
        expectBad("{'descr': 4, 'fortran_order': False, 'shape': (4,)}", "descr");
        expectBad("['descr', '<f4']", "not a dict");
        expectBad("{'descr': '<f4', 'fortran_order': False, 'shape': (4,)} junk", "unexpected text");
        expectBad("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2)}", "Fortran-order", "np.ascontiguousarray");
        expectBad("{'descr': '<f4', 'fortran_order': False, 'shape': (3000000000,)}", "array too large");
        expectBad("{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000)}", "array too large");
        expectBad("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,)}", "too large");
    }

    private void expectBad(String header, String... phrases) {
        Path p = rawNpy(dir.resolve("bad.npy"), 1, header, FOUR);
        assertInvalid(p, () -> Npy.read(p), phrases);
    }

    @Test
    void numpyStyleShapeStrings() {
        org.junit.jupiter.api.Assertions.assertEquals("()", NpyHeader.shapeString(new int[0]));
        org.junit.jupiter.api.Assertions.assertEquals("(5,)", NpyHeader.shapeString(new int[] {5}));
        org.junit.jupiter.api.Assertions.assertEquals("(3, 4)", NpyHeader.shapeString(new int[] {3, 4}));
    }
}
