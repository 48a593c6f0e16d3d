package dev.fewshot.core.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Every kernel that owns native sessions refuses work once closed, by name, closes once, and never frees its sessions
 * under a call in progress (which would crash the JVM rather than throw).
 */
class NativeLifecycleTest {
    @Test
    void closedKernelsRefuseWorkByName() throws Exception {
        FloatMatrix w = new FloatMatrix(3, 4, new float[12]);
        FloatMatrix x = new FloatMatrix(2, 4, new float[8]);
        OrtGemm gemm = new OrtGemm(1);
        OrtPreparedTransB prepared = gemm.prepareTransB(w);
        RowScoring scoring = gemm.prepareScoring(w, 1f, null, Double.NaN);
        RowSoftmax softmax = gemm.rowSoftmax(3, 1.0);
        prepared.close();
        scoring.close();
        softmax.close();
        scoring.close(); // idempotent
        refused("OrtPreparedTransB", () -> prepared.apply(x));
        refused("OrtRowScoring", () -> scoring.apply(x, 0, 2, new int[2], new float[2], new double[2], null));
        refused("OrtRowSoftmax", () -> softmax.apply(new float[6], 2, new int[2], new double[2], null));
        gemm.close();
        refused("OrtGemm", () -> gemm.mulTransB(x, w));
        refused("OrtGemm", () -> gemm.prepareTransB(w));
    }

    private static void refused(String owner, Executable call) {
        IllegalStateException e = assertThrows(IllegalStateException.class, call);
        assertEquals(owner + " is closed", e.getMessage());
    }

    @Test
    void closeWaitsForTheCallInProgressAndReleasesOnce() throws Exception {
        NativeLifecycle life = new NativeLifecycle("kernel");
        AtomicInteger released = new AtomicInteger();
        CountDownLatch closing = new CountDownLatch(1);
        life.enter();
        Thread closer = new Thread(() -> {
            closing.countDown();
            life.close(released::incrementAndGet);
        });
        closer.start();
        assertTrue(closing.await(5, TimeUnit.SECONDS));
        closer.join(300);
        assertTrue(closer.isAlive(), "close waits while a call is in progress");
        assertEquals(0, released.get());
        life.exit();
        closer.join(5000);
        assertFalse(closer.isAlive());
        assertEquals(1, released.get());
        life.close(released::incrementAndGet);
        assertEquals(1, released.get(), "released once");
        assertTrue(life.isClosed());
        assertThrows(IllegalStateException.class, life::enter);
    }
}
