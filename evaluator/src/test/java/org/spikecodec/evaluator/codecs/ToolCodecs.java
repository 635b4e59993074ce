package org.spikecodec.evaluator.codecs;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Optional;

/** The tool-backed codecs under test, and the rule for a machine without their tools. */
final class ToolCodecs {
    private ToolCodecs() {}

    static List<ExternalRateCodec> all() {
        return List.of(new WebpRateCodec(), new AvifRateCodec(), new JxlRateCodec());
    }

    /**
     * Skips the calling test when {@code codec}'s tools are missing on a developer machine; fails it on CI
     * (the {@code CI} variable set), which installs them, so that a broken CI image cannot pass by skipping.
     */
    static void require(ExternalRateCodec codec) {
        Optional<String> missing = codec.missing();
        if (missing.isEmpty()) return;
        if (System.getenv("CI") != null) fail(missing.get());
        assumeTrue(false, missing.get());
    }
}
