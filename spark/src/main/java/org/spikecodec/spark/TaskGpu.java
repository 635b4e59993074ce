package org.spikecodec.spark;

import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/**
 * The GPU Spark's resource scheduling assigned to the running task ({@code spark.task.resource.gpu.amount}): the first
 * address of its {@code gpu} resource, as the discovery script reported it (CUDA's device ordinal, e.g. from
 * {@code nvidia-smi}). It picks the CUDA device of ONNX Runtime and the OpenCL GPU of the compute backend.
 */
public final class TaskGpu {
    private TaskGpu() {}

    /** The running task's GPU, or -1 outside a task or when the task was given none. */
    public static int current() {
        TaskContext tc = TaskContext.get();
        return tc == null ? -1 : of(tc.resourcesJMap());
    }

    /** The first {@code gpu} address of a task's resources, or -1 when there is none. */
    static int of(Map<String, ResourceInformation> resources) {
        ResourceInformation gpu = resources.get("gpu");
        if (gpu == null || gpu.addresses().length == 0) return -1;
        String address = gpu.addresses()[0].strip();
        try {
            int id = Integer.parseInt(address);
            if (id < 0) throw new NumberFormatException();
            return id;
        } catch (NumberFormatException e) {
            throw new IllegalStateException("GPU address '" + address + "' is not a device ordinal: the discovery script must report CUDA device numbers"
                    + " (as nvidia-smi --query-gpu=index does)", e);
        }
    }
}
