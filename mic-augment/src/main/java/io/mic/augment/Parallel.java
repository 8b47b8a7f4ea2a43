package io.mic.augment;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A bounded worker pool for the duration of one {@code refresh}: tasks {@code 0..n-1} are handed
 * out through a shared counter, so the work split never depends on timing and results written
 * per task index are the same for any thread count. Close it to stop the threads. Not
 * thread-safe: one caller submits at a time.
 */
final class Parallel implements AutoCloseable {
    private final int threads;
    private final ExecutorService pool;

    Parallel(int threads, String name) {
        this.threads = Math.max(1, threads);
        if (this.threads == 1) {
            pool = null;
        } else {
            AtomicInteger serial = new AtomicInteger();
            ThreadFactory factory = r -> {
                Thread t = new Thread(r, name + "-" + serial.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
            pool = Executors.newFixedThreadPool(this.threads, factory);
        }
    }

    /** Runs {@code task.accept(i)} for every {@code i} in {@code [0, tasks)} and waits; rethrows the first failure. */
    void forEach(int tasks, IntConsumer task) {
        if (pool == null || tasks <= 1) {
            for (int i = 0; i < tasks; i++) {
                task.accept(i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        int workers = Math.min(threads, tasks);
        List<Future<?>> futures = new ArrayList<>(workers);
        for (int w = 0; w < workers; w++) {
            futures.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < tasks; i = next.getAndIncrement()) {
                    task.accept(i);
                }
            }));
        }
        RuntimeException failure = null;
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    Throwable c = e.getCause();
                    failure = c instanceof RuntimeException re ? re : new IllegalStateException(c);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                next.set(tasks);
                throw new IllegalStateException("interrupted while waiting for workers", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
