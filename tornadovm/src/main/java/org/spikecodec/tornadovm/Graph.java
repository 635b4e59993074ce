package org.spikecodec.tornadovm;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.spikecodec.kernels.ProfiledBackend.Timing;
import uk.ac.manchester.tornado.api.GridScheduler;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.TornadoExecutionResult;
import uk.ac.manchester.tornado.api.TornadoProfilerResult;
import uk.ac.manchester.tornado.api.WorkerGrid1D;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.ProfilerMode;
import uk.ac.manchester.tornado.api.enums.TornadoVMBackendType;

/**
 * One task graph of the backend, snapshotted once into an execution plan on one device, with the profiler on and one
 * 1-D grid per task whose global size is set at each run (so the compiled kernels serve every size up to the graph's
 * arrays' capacity, and the device buffers stay allocated between runs). Its first run compiles the kernels;
 * {@link #compileNanos()} keeps what that took. Not thread-safe.
 */
final class Graph implements AutoCloseable {
    /** Task graph names must be unique in a JVM (TornadoVM keys its code cache on them). */
    private static final AtomicInteger SERIAL = new AtomicInteger();
    /**
     * Work-group size of every launch; global sizes are rounded up to a multiple of it (the kernels ignore the extra
     * work-items). Fixed rather than left to the driver: PoCL compiles a kernel again for every work-group size it is
     * launched with (0.25 to 0.7 s each, measured: each new plane size cost that once when the driver chose).
     */
    private static final int ROUND = 64;

    private final String name;
    private final Map<String, WorkerGrid1D> grids = new LinkedHashMap<>();
    private final TornadoExecutionPlan plan;
    private long compileNanos = -1;

    /** Adds a graph's transfers and tasks. */
    interface Tasks {
        TaskGraph add(TaskGraph graph);
    }

    /**
     * @param stem  a readable prefix of the graph's name
     * @param tasks the names of the graph's tasks, in the order {@link #run} takes their global sizes
     * @param build adds the transfers and tasks to the graph
     */
    Graph(String stem, TornadoDevice device, String[] tasks, Tasks build) {
        this.name = stem + SERIAL.incrementAndGet();
        GridScheduler scheduler = new GridScheduler();
        for (String t : tasks) {
            WorkerGrid1D g = new WorkerGrid1D(ROUND);
            grids.put(t, g);
            scheduler.addWorkerGrid(name + "." + t, g);
        }
        TaskGraph graph = build.add(new TaskGraph(name));
        this.plan = new TornadoExecutionPlan(graph.snapshot());
        plan.withDevice(device).withGridScheduler(scheduler).withProfiler(ProfilerMode.SILENT)
                .withCompilerFlags(TornadoVMBackendType.OPENCL, TornadoVmSettings.OPENCL_FLAGS);
    }

    String name() { return name; }

    /**
     * Runs the graph once, each task over the given number of work-items (in task order; a size of 0 still launches
     * one rounded group, which the kernels' bounds checks leave idle).
     *
     * @throws IllegalStateException when the first run shows no device kernel time: TornadoVM ran the plain Java
     *                               methods on the host (classes compiled without {@code -g}, say)
     */
    Timing run(int elements, int... globalSizes) {
        int k = 0;
        for (WorkerGrid1D g : grids.values()) {
            long n = Math.max(1, globalSizes[k++]);
            g.setGlobalWork((n + ROUND - 1) / ROUND * ROUND, 1, 1);
            g.setLocalWork(ROUND, 1, 1);
        }
        TornadoExecutionResult r = plan.execute();
        TornadoProfilerResult p = r.getProfilerResult();
        long kernel = p.getDeviceKernelTime(), transfer = p.getDeviceWriteTime() + p.getDeviceReadTime();
        if (compileNanos < 0) {
            if (kernel <= 0)
                throw new IllegalStateException("TornadoVM ran task graph " + name + " as plain Java on the host (no device kernel time): "
                        + "are the kernel classes compiled with -g?");
            compileNanos = p.getCompileTime();
        }
        return new Timing(kernel, transfer, elements);
    }

    /** Time the first run spent compiling (TornadoVM's profiler: its JIT and the driver's build), -1 before it. */
    long compileNanos() { return compileNanos; }

    /** Whether the graph has run (its kernels are compiled). */
    boolean compiled() { return compileNanos >= 0; }

    @Override
    public void close() {
        try {
            plan.freeDeviceMemory();
            plan.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing TornadoVM plan " + name + ": " + e, e);
        }
    }
}
