package org.spikecodec.kernels.opencl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Loads OpenCL C sources shipped as class-path resources beside this class. */
final class ClSource {
    private ClSource() {}

    static String load(String name) {
        try (InputStream in = ClSource.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("OpenCL source resource missing: " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read OpenCL source " + name, e);
        }
    }
}
