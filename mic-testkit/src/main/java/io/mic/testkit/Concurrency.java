package io.mic.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Runs the same tasks sequentially and then concurrently, so a thread-safety check can compare the
 * two. Concurrent tasks wait on one start gate, so the first {@value #THREADS} overlap as much as
 * the scheduler allows.
 */
final class Concurrency {
    static final int THREADS = 8;
    private static final long TIMEOUT_SECONDS = 120;

    private Concurrency() {
    }

    /** Results of {@code task(0..tasks-1)} in order, run on this thread. */
    static <R> List<R> sequential(int tasks, IntFunction<R> task) {
        List<R> out = new ArrayList<>(tasks);
        for (int t = 0; t < tasks; t++) {
            out.add(task.apply(t));
        }
        return out;
    }

    /**
     * Results of {@code task(0..tasks-1)} in order, run on {@value #THREADS} threads at once.
     *
     * @throws AssertionError naming the task when one throws or all do not finish in two minutes
     */
    static <R> List<R> concurrent(int tasks, IntFunction<R> task) {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "contract-test-worker");
            t.setDaemon(true);
            return t;
        });
        CountDownLatch gate = new CountDownLatch(1);
        try {
            List<Future<R>> futures = new ArrayList<>(tasks);
            for (int t = 0; t < tasks; t++) {
                int id = t;
                futures.add(pool.submit(() -> {
                    gate.await();
                    return task.apply(id);
                }));
            }
            gate.countDown();
            List<R> out = new ArrayList<>(tasks);
            for (int t = 0; t < tasks; t++) {
                try {
                    out.add(futures.get(t).get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    throw new AssertionError("task " + t + " threw when run on " + THREADS + " threads at once (it did not sequentially): "
                            + e.getCause(), e.getCause());
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new AssertionError("concurrent calls did not finish in " + TIMEOUT_SECONDS + " s: a deadlock?", e);
                }
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
