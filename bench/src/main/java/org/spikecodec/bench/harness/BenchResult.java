package org.spikecodec.bench.harness;

import java.util.List;
import java.util.Map;

/** Everything one run of the harness measured, with the environment it ran in. */
public record BenchResult(Map<String, Object> environment, BenchConfig config, List<BackendInfo> backends, List<Row> results,
                          List<LifJobRow> lifJob) {

    /**
     * A backend as opened: the device actually used, its driver and platform, and how long opening took
     * (an OpenCL program build is part of a user's cold start).
     */
    public record BackendInfo(String spec, String name, String device, String driver, String platform, double openMs, String note) {}

    /**
     * One figure.
     *
     * @param metric     {@code kernel} (lifThreshold; OpenCL: profiling-event kernel time), {@code transfer} (OpenCL host/device
     *                   copies of that call), {@code copy} (memory-copy baseline of the same bytes on the same backend),
     *                   {@code encode}, {@code decode} (end to end, in memory), {@code cjpeg}/{@code djpeg} (process time
     *                   minus a 1x1 run), {@code classify} (one image through the ONNX model)
     * @param bytes      bytes the figure processes (what the copy baseline copies)
     * @param stats      null when validation failed (the time does not count) or the step failed
     * @param mps        megapixels per second at the median time
     * @param vsCopy     median time / median time of a copy of the same bytes on the same backend
     * @param vsJpeg     median time / libjpeg-turbo's (cjpeg for encode and classify, djpeg for decode), when measured
     * @param valid      the backend's output equals the cpu reference's (true where there is nothing to compare)
     * @param check      what was compared, or the mismatch
     */
    public record Row(int size, String backend, String device, String driver, String metric, long bytes, Stats stats,
                      Double mps, Double vsCopy, Double vsJpeg, boolean valid, String check, String jvm, List<String> jvmFlags) {}

    /**
     * One figure of the LIF job ({@link org.spikecodec.bench.LifJob}): 768x512 RGB, one neuron per sample, T steps.
     *
     * @param backend      {@code cpu} or an OpenCL specification
     * @param impl         {@code scalar} or {@code vector (...)} on cpu, the OpenCL device otherwise
     * @param metric       {@code integrate} (lifIntegrate; OpenCL: kernel time from profiling events), {@code transfer}
     *                     (OpenCL host/device copies of that call), {@code end-to-end} (OpenCL wall time of the call),
     *                     {@code closed form} (lifThreshold of the same neurons against the LIF quantizer's table),
     *                     {@code copy} (a copy of the input's bytes on the same backend, the baseline)
     * @param neuronSteps  neurons x steps of the figure (0 for copy and closed form)
     * @param perSecond    neuron-steps per second at the median time (null where neuronSteps is 0)
     * @param vsCopy       median time / median time of the copy of the same bytes on the same backend
     * @param check        what was compared (closed form's discrete formula, cpu scalar counts), or the mismatch
     */
    public record LifJobRow(String backend, String impl, String metric, int steps, long neurons, long neuronSteps, Stats stats,
                            Double perSecond, Double vsCopy, boolean valid, String check) {}

    public boolean allValid() { return results.stream().allMatch(Row::valid) && lifJob.stream().allMatch(LifJobRow::valid); }

    public List<Object> mismatches() {
        List<Object> bad = new java.util.ArrayList<>(results.stream().filter(r -> !r.valid()).toList());
        bad.addAll(lifJob.stream().filter(r -> !r.valid()).toList());
        return bad;
    }
}
