package dev.fewshot.core.linalg;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Open or closed, for a kernel that owns native ONNX Runtime sessions: calls run between {@link #enter} and
 * {@link #exit} (a shared lock, refused once closed), and {@link #close} waits for the calls in progress, then
 * releases the sessions, once. A session freed under a running call would crash the JVM, not throw.
 */
final class NativeLifecycle {
    private final String owner;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile boolean closed;

    NativeLifecycle(String owner) {
        this.owner = owner;
    }

    /** Begins a call on the sessions; pair it with {@link #exit} in a finally block. */
    void enter() {
        lock.readLock().lock();
        if (closed) {
            lock.readLock().unlock();
            throw new IllegalStateException(owner + " is closed");
        }
    }

    void exit() {
        lock.readLock().unlock();
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * After the calls in progress, runs {@code release} (what else the owner holds) and closes the sessions;
     * idempotent. A failure to close is ignored: there is nothing useful to do at close.
     */
    void close(Runnable release, OrtSession... sessions) {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            release.run();
            for (OrtSession s : sessions) {
                if (s != null) {
                    try {
                        s.close();
                    } catch (OrtException | RuntimeException ignored) {
                        // nothing useful to do at close
                    }
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }
}
