package org.spikecodec.kernels.opencl;

/**
 * One OpenCL device as the probe saw it (plain values only, so that holding one needs no native library).
 *
 * @param platformIndex  index of the platform in {@code clGetPlatformIDs} order
 * @param deviceIndex    index of the device within its platform ({@code CL_DEVICE_TYPE_ALL} order)
 * @param type           {@code GPU}, {@code CPU}, {@code ACCELERATOR}, {@code CUSTOM} or a combination
 * @param openclVersion  {@code CL_DEVICE_VERSION}, e.g. {@code OpenCL 3.0 PoCL ...}
 * @param denormals      single precision keeps subnormal numbers ({@code CL_FP_DENORM})
 * @param roundToNearest single precision rounds to nearest even ({@code CL_FP_ROUND_TO_NEAREST})
 * @param infNan         single precision supports infinities and NaNs ({@code CL_FP_INF_NAN})
 */
public record OpenClDevice(int platformIndex, int deviceIndex, String platformName, String name, String type,
                           int computeUnits, long globalMemBytes, long maxAllocBytes, String openclVersion,
                           boolean denormals, boolean roundToNearest, boolean infNan) {

    /** The selector spelling of this device: {@code opencl:PLATFORM:DEVICE}. */
    public String spec() { return "opencl:" + platformIndex + ":" + deviceIndex; }

    public boolean isGpu() { return type.contains("GPU"); }

    /**
     * Whether the device's single-precision arithmetic is the IEEE-754 behaviour that Java has, which the
     * thresholding kernel relies on for counts identical to the cpu backend's: a device that flushes
     * subnormals to zero would count {@code |x| * gain} differently for subnormal x or products.
     */
    public boolean exactCapable() { return denormals && roundToNearest && infNan; }

    /** Why {@link #exactCapable()} is false, or an empty string. */
    public String exactnessGap() {
        StringBuilder s = new StringBuilder();
        if (!denormals) s.append("no single-precision denormals; ");
        if (!roundToNearest) s.append("no round-to-nearest; ");
        if (!infNan) s.append("no INF/NaN; ");
        return s.length() == 0 ? "" : s.substring(0, s.length() - 2);
    }

    /** One line for logs and the device listing. */
    public String describe() {
        return String.format("%s  %s [%s] on %s, %d compute units, %d MiB, %s%s", spec(), name, type, platformName,
                computeUnits, globalMemBytes >> 20, openclVersion, exactCapable() ? "" : " (unsuitable: " + exactnessGap() + ")");
    }
}
