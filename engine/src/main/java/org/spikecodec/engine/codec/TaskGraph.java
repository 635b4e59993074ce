package org.spikecodec.engine.codec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ForkJoinPool;

/**
 * A fixed graph of tasks with estimated costs, run on a fork-join pool by at most a given number of runners, taking
 * the ready task with the longest path to the end of the graph first (critical-path list scheduling, as HLFET).
 *
 * <p>Why not nested parallel streams: a decode's channels are chains of waves of very unequal cost (the luma
 * channel's coarse block alone is a quarter of a 2-core decode), and a work-stealing pool runs whatever it finds
 * first, so the luma chain often waited behind chroma work and one core idled at the end (decode times of one photo
 * spread from 49 to 71 ms). Taking the longest remaining chain first keeps it moving while the short ones fill the
 * gaps. The caller is one runner and the others are tasks of the pool, so a decode uses as many threads as cores
 * (a pool's default parallelism is one less than the cores), and work a task forks into the pool (the backend's parts)
 * runs on idle workers instead of adding threads.
 *
 * <p>A task runs once all the tasks it depends on have run; if one of them failed (threw) or was skipped, it is
 * skipped. {@link #run} returns when every task has run or been skipped; failures are kept per task.
 * Not reusable: one {@link #run} per graph.
 */
final class TaskGraph {
    /** A task's work. */
    @FunctionalInterface
    interface Work { void run() throws Exception; }

    private static final class Node {
        final int id;
        final double cost;
        final Work work;
        final List<Node> dependents = new ArrayList<>();
        int pending;
        double rank;
        boolean skipped;
        Throwable failure;

        Node(int id, double cost, Work work) {
            this.id = id;
            this.cost = cost;
            this.work = work;
        }
    }

    private final List<Node> nodes = new ArrayList<>();
    private final Object lock = new Object();
    /** Ready tasks, the longest path to the end first, then the earliest added. Guarded by {@link #lock}, as are the fields below. */
    private final PriorityQueue<Node> ready = new PriorityQueue<>(
            Comparator.comparingDouble((Node n) -> -n.rank).thenComparingInt(n -> n.id));
    private int remaining, poolRunners, runners;
    private ForkJoinPool pool;
    private boolean started, callerWaiting;

    /**
     * Adds a task and returns its id (0, 1, ... in the order added).
     *
     * @param cost      an estimate of its running time, in any unit shared by the graph (only the order of sums matters)
     * @param dependsOn ids of tasks added before it
     */
    int add(double cost, Work work, int... dependsOn) {
        if (started) throw new IllegalStateException("the graph has run");
        if (!(cost >= 0) || Double.isInfinite(cost)) throw new IllegalArgumentException("cost " + cost);
        Node n = new Node(nodes.size(), cost, java.util.Objects.requireNonNull(work, "work"));
        for (int d : dependsOn) {
            if (d < 0 || d >= n.id) throw new IllegalArgumentException("task " + n.id + " depends on " + d + ", which is not an earlier task");
            Node dep = nodes.get(d);
            if (!dep.dependents.contains(n)) {
                dep.dependents.add(n);
                n.pending++;
            }
        }
        nodes.add(n);
        return n.id;
    }

    int size() { return nodes.size(); }

    /**
     * Runs the graph with at most {@code runners} tasks at once and returns once every task has run or been skipped: the
     * calling thread is one runner, and up to {@code runners - 1} more are tasks of {@code pool}, started only while
     * ready tasks outnumber the runners at work. While no task is ready the caller waits (never for a pool runner that
     * has not started: the caller takes up ready tasks itself); an interrupt then is kept for the caller and does not
     * stop the graph (its tasks still write into the caller's data).
     */
    void run(ForkJoinPool pool, int runners) {
        if (runners < 1) throw new IllegalArgumentException("runners " + runners);
        synchronized (lock) {
            if (started) throw new IllegalStateException("the graph has run");
            started = true;
            this.pool = java.util.Objects.requireNonNull(pool, "pool");
            this.runners = runners;
            // Dependents always have larger ids, so one pass from the end sees every dependent's rank first.
            for (int i = nodes.size() - 1; i >= 0; i--) {
                Node n = nodes.get(i);
                double longest = 0;
                for (Node d : n.dependents) longest = Math.max(longest, d.rank);
                n.rank = n.cost + longest;
            }
            remaining = nodes.size();
            for (Node n : nodes) if (n.pending == 0) ready.add(n);
        }
        boolean interrupted = false;
        Node done = null;
        while (true) {
            Node next;
            List<Runnable> spawn;
            synchronized (lock) {
                if (done != null) complete(done);
                done = null;
                next = ready.poll();
                if (next == null) {
                    // Pool runners that have not started yet are not waited for: in a pool whose workers all wait so, they
                    // never would. Once every task is done, they find nothing to do.
                    if (remaining == 0) break;
                    callerWaiting = true;
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                    callerWaiting = false;
                    continue;
                }
                spawn = runnersToStart();
            }
            start(spawn);
            runTask(next);
            done = next;
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /** The failure of task {@code id} (what its work threw), or null if it ran without one or was skipped. */
    Throwable failure(int id) {
        synchronized (lock) { return nodes.get(id).failure; }
    }

    /** Whether task {@code id} was skipped because a task it depends on failed or was skipped. */
    boolean skipped(int id) {
        synchronized (lock) { return nodes.get(id).skipped; }
    }

    /**
     * Pool runners for the ready tasks that no runner will take (a waiting caller takes one), within {@code runners - 1};
     * called with the lock held, after the calling runner took its own task.
     */
    private List<Runnable> runnersToStart() {
        int n = Math.min(runners - 1 - poolRunners, ready.size() - (callerWaiting ? 1 : 0));
        if (callerWaiting && !ready.isEmpty()) lock.notifyAll();
        if (n <= 0) return List.of();
        poolRunners += n;
        List<Runnable> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(this::poolRunner);
        return out;
    }

    private void poolRunner() {
        Node done = null;
        while (true) {
            Node next;
            List<Runnable> spawn;
            synchronized (lock) {
                if (done != null) complete(done);
                next = ready.poll();
                if (next == null) {
                    poolRunners--;
                    if (remaining == 0 && callerWaiting) lock.notifyAll();
                    return;
                }
                spawn = runnersToStart();
            }
            start(spawn);
            runTask(next);
            done = next;
        }
    }

    private void start(List<Runnable> spawn) {
        for (Runnable r : spawn) {
            try {
                pool.execute(r);
            } catch (RuntimeException e) { // a pool that refuses work (shut down): the runners already at work do it
                synchronized (lock) { poolRunners--; }
            }
        }
    }

    private static void runTask(Node n) {
        try {
            n.work.run();
        } catch (Throwable t) { // kept for the caller, whatever it is: a runner must never die with tasks left
            n.failure = t;
        }
    }

    /** Marks {@code n} finished and releases or skips its dependents; called with the lock held. */
    private void complete(Node n) {
        remaining--;
        boolean failed = n.failure != null || n.skipped;
        for (Node d : n.dependents) {
            if (failed) d.skipped = true;
            if (--d.pending == 0) {
                if (d.skipped) complete(d);
                else ready.add(d);
            }
        }
    }
}
