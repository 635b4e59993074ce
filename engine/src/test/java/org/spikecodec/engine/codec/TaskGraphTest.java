package org.spikecodec.engine.codec;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TaskGraphTest {
    /** Random graphs: every task runs exactly once, after every task it depends on, whatever the runners and the pool. */
    @Test
    void everyTaskRunsOnceAfterItsDependencies() {
        SplittableRandom rnd = new SplittableRandom(7);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int round = 0; round < 60; round++) {
                int n = rnd.nextInt(0, 60), runners = rnd.nextInt(1, 5);
                ForkJoinPool pool = new ForkJoinPool(rnd.nextInt(1, 4));
                try {
                    TaskGraph g = new TaskGraph();
                    AtomicLong clock = new AtomicLong();
                    long[] started = new long[n], ended = new long[n];
                    int[] runs = new int[n];
                    List<int[]> deps = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        int k = i == 0 ? 0 : rnd.nextInt(0, Math.min(i, 4) + 1);
                        int[] d = rnd.ints(k, 0, Math.max(1, i)).toArray();
                        deps.add(d);
                        int id = i;
                        long spin = rnd.nextInt(0, 20_000);
                        assertEquals(i, g.add(rnd.nextDouble() * 100, () -> {
                            started[id] = clock.incrementAndGet();
                            runs[id]++;
                            long until = System.nanoTime() + spin;
                            while (System.nanoTime() < until) Thread.onSpinWait();
                            ended[id] = clock.incrementAndGet();
                        }, d));
                    }
                    g.run(pool, runners);
                    for (int i = 0; i < n; i++) {
                        assertEquals(1, runs[i], "task " + i + " of round " + round);
                        assertNull(g.failure(i));
                        assertFalse(g.skipped(i));
                        for (int d : deps.get(i)) assertTrue(ended[d] < started[i], "task " + i + " started before " + d + " ended");
                    }
                } finally {
                    pool.shutdown();
                }
            }
        });
    }

    /** One runner takes the longest path to the end first: a cheap task leading to an expensive one beats a mid-sized one. */
    @Test
    void oneRunnerTakesTheLongestPathFirst() {
        ForkJoinPool pool = new ForkJoinPool(1);
        try {
            TaskGraph g = new TaskGraph();
            ConcurrentLinkedQueue<String> order = new ConcurrentLinkedQueue<>();
            g.add(5, () -> order.add("mid"));                     // 0: path 5
            int head = g.add(1, () -> order.add("head"));         // 1: path 1 + 10
            g.add(10, () -> order.add("tail"), head);             // 2: path 10
            g.add(5, () -> order.add("mid, added later"));        // 3: path 5, ties go to the earlier task
            g.add(0.5, () -> order.add("small"));                 // 4
            g.run(pool, 1);
            assertEquals(List.of("head", "tail", "mid", "mid, added later", "small"), new ArrayList<>(order));
        } finally {
            pool.shutdown();
        }
    }

    /** A failing task's dependents, and theirs, are skipped; tasks off its paths still run; an Error is kept too. */
    @Test
    void failuresSkipTheirDependentsOnly() {
        ForkJoinPool pool = new ForkJoinPool(2);
        try {
            TaskGraph g = new TaskGraph();
            AtomicInteger ran = new AtomicInteger();
            int bad = g.add(1, () -> { throw new IllegalArgumentException("bad"); });
            int ok = g.add(1, ran::incrementAndGet);
            int child = g.add(1, ran::incrementAndGet, bad, ok);
            int grandchild = g.add(1, ran::incrementAndGet, child);
            int sibling = g.add(1, ran::incrementAndGet, ok);
            int error = g.add(1, () -> { throw new StackOverflowError("deep"); }, sibling);
            int afterError = g.add(1, ran::incrementAndGet, error);
            g.run(pool, 2);
            assertEquals(2, ran.get(), "ok and sibling only");
            assertEquals("bad", g.failure(bad).getMessage());
            assertInstanceOf(StackOverflowError.class, g.failure(error));
            for (int t : new int[] {child, grandchild, afterError}) {
                assertTrue(g.skipped(t), "task " + t);
                assertNull(g.failure(t));
            }
            for (int t : new int[] {ok, sibling}) assertFalse(g.skipped(t) || g.failure(t) != null, "task " + t);
        } finally {
            pool.shutdown();
        }
    }

    /** Never more tasks at once than runners, and more than one when there is room. */
    @Test
    void runnersBoundTheTasksAtOnce() {
        ForkJoinPool pool = new ForkJoinPool(4);
        try {
            for (int runners = 1; runners <= 3; runners++) {
                TaskGraph g = new TaskGraph();
                AtomicInteger now = new AtomicInteger(), most = new AtomicInteger();
                for (int i = 0; i < 12; i++)
                    g.add(1, () -> {
                        most.accumulateAndGet(now.incrementAndGet(), Math::max);
                        Thread.sleep(15);
                        now.decrementAndGet();
                    });
                g.run(pool, runners);
                assertTrue(most.get() <= runners, most.get() + " tasks at once with " + runners + " runners");
                if (runners > 1) assertTrue(most.get() > 1, "the pool's runners never ran beside the caller");
            }
        } finally {
            pool.shutdown();
        }
    }

    /**
     * Tasks that fork work into the same pool and join it (as the backend's parts do), and graphs run from inside the
     * pool's own tasks while every worker does so: no deadlock, every result right.
     */
    @Test
    void nestedForksAndGraphsInsideThePoolFinish() {
        ForkJoinPool pool = new ForkJoinPool(2);
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                List<ForkJoinTask<Long>> outer = new ArrayList<>();
                for (int k = 0; k < 4; k++)
                    outer.add(pool.submit(() -> {
                        TaskGraph g = new TaskGraph();
                        AtomicLong sum = new AtomicLong();
                        int first = g.add(1, () -> sum.addAndGet(forkedSum(100)));
                        for (int i = 0; i < 6; i++) g.add(2, () -> sum.addAndGet(forkedSum(1000)), first);
                        g.run(pool, 3);
                        return sum.get();
                    }));
                for (ForkJoinTask<Long> t : outer) assertEquals(sumTo(100) + 6 * sumTo(1000), t.get());
            });
        } finally {
            pool.shutdown();
        }
    }

    /** An interrupt while the caller waits does not stop the graph; it is kept for the caller. */
    @Test
    void anInterruptWhileWaitingIsKept() throws Exception {
        ForkJoinPool pool = new ForkJoinPool(2);
        try {
            Thread caller = Thread.currentThread();
            TaskGraph g = new TaskGraph();
            AtomicInteger ran = new AtomicInteger();
            java.util.concurrent.CountDownLatch poolTaskStarted = new java.util.concurrent.CountDownLatch(1);
            // The caller takes the longest task, which lasts until a pool runner has the other one.
            g.add(100, () -> {
                assertTrue(poolTaskStarted.await(10, java.util.concurrent.TimeUnit.SECONDS));
                ran.incrementAndGet();
            });
            int slow = g.add(1, () -> {
                poolTaskStarted.countDown();
                long until = System.nanoTime() + 10_000_000_000L;
                while (caller.getState() != Thread.State.WAITING && System.nanoTime() < until) Thread.onSpinWait();
                caller.interrupt();
                Thread.sleep(50);
                ran.incrementAndGet();
            });
            g.add(1, ran::incrementAndGet, slow);
            g.add(1, ran::incrementAndGet, slow);
            g.run(pool, 2);
            assertEquals(4, ran.get());
            assertTrue(Thread.interrupted(), "the interrupt was lost");
        } finally {
            Thread.interrupted();
            pool.shutdown();
        }
    }

    @Test
    void misuseIsRefused() {
        TaskGraph g = new TaskGraph();
        int a = g.add(1, () -> {});
        assertThrows(IllegalArgumentException.class, () -> g.add(1, () -> {}, a + 1));
        assertThrows(IllegalArgumentException.class, () -> g.add(1, () -> {}, -1));
        assertThrows(IllegalArgumentException.class, () -> g.add(Double.NaN, () -> {}));
        assertThrows(IllegalArgumentException.class, () -> g.add(-1, () -> {}));
        assertThrows(IllegalArgumentException.class, () -> g.run(ForkJoinPool.commonPool(), 0));
        g.run(ForkJoinPool.commonPool(), 2);
        assertThrows(IllegalStateException.class, () -> g.run(ForkJoinPool.commonPool(), 2));
        assertThrows(IllegalStateException.class, () -> g.add(1, () -> {}));
    }

    /** 1 + ... + n, half of it in a task forked into the current pool and joined. */
    private static long forkedSum(int n) {
        ForkJoinTask<Long> upper = ForkJoinTask.adapt(() -> sumRange(n / 2 + 1, n)).fork();
        return sumRange(1, n / 2) + upper.join();
    }

    private static long sumRange(int from, int to) {
        long s = 0;
        for (int i = from; i <= to; i++) s += i;
        return s;
    }

    private static long sumTo(int n) { return (long) n * (n + 1) / 2; }
}
