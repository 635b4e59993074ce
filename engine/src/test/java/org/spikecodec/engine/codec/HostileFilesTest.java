package org.spikecodec.engine.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.stream.Stream;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.spikecodec.engine.InvalidInputException;
import org.spikecodec.kernels.cpu.CpuBackend;

/**
 * The reproducers of issue 11 ({@code resources/hostile/README.md}): every reader refuses each with the same message,
 * naming the field, within seconds (they took up to 85 s, or ran out of heap, before the one validation).
 */
class HostileFilesTest {
    /** Generous for a loaded 2-core machine: each refusal takes milliseconds once the JVM is warm. */
    static final Duration LIMIT = Duration.ofSeconds(20);
    static CpuBackend backend;
    static SpikeDecoder decoder;

    @BeforeAll static void open() {
        backend = new CpuBackend();
        decoder = new SpikeDecoder(backend);
    }

    @AfterAll static void close() { backend.close(); }

    static byte[] hostile(String name) throws IOException {
        try (InputStream in = HostileFilesTest.class.getResourceAsStream("/hostile/" + name)) {
            if (in == null) throw new IllegalStateException("missing test resource hostile/" + name);
            return in.readAllBytes();
        }
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("iae_lifquantizer_R_min.spk", "first decision threshold"),
                Arguments.of("iae_lifquantizer_theta_1e-300.spk", "first decision threshold"),
                Arguments.of("iae_lifquantizer_T_1e-320.spk", "first decision threshold"),
                Arguments.of("iae_bandshape_rif_layer_tiny.spk", "layer time"),
                Arguments.of("info_accepts_decode_rejects_subnormal_refractory.spk", "refractory period"),
                Arguments.of("rif_cg10000_256.spk", "CG iterations"),
                Arguments.of("rif_cg10000_2048.spk", "CG iterations"),
                Arguments.of("slow_cg_tol_m_ast100x130_rif_1801.spk", "CG iterations"),
                // Within the heap's budget (the surefire JVM has 2 GiB) the entropy decoder finds the payload too short.
                Arguments.of("oom_geom_65536x1000_from_camera_pix.spk", "ends early|of heap"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void everyReaderRefusesTheSameWayWithinSeconds(String name, String expected) throws Exception {
        byte[] file = hostile(name);
        assertTimeoutPreemptively(LIMIT, () -> {
            InvalidInputException decode = assertThrows(InvalidInputException.class, () -> decoder.decode(file));
            InvalidInputException info = assertThrows(InvalidInputException.class, () -> decoder.readSpikes(file));
            IIOException imageIo = assertThrows(IIOException.class, () -> ImageIO.read(new ByteArrayInputStream(file)));
            assertTrue(decode.getMessage().matches("(?s).*(" + expected + ").*"), decode.getMessage());
            if (!decode.getMessage().contains("of heap")) { // the heap a decoding needs exceeds what info needs
                assertEquals(decode.getMessage(), info.getMessage());
                assertTrue(imageIo.getMessage().endsWith(decode.getMessage()), imageIo.getMessage());
            }
        });
    }

    /**
     * What the encoder writes for a flat 8192x8192 image is a valid file: validated at once, and its decoding's heap is
     * known from the header (decoded, or refused on a small heap, in the CLI's child-JVM tests).
     */
    @Test
    void largestImagesAreValidAndTheirHeapIsKnownBeforeDecoding() throws Exception {
        assertTimeoutPreemptively(LIMIT, () -> {
            DecodeMemory grey = decoder.inspect(hostile("max_grey_dwt_8192x8192.spk")).memory();
            DecodeMemory colour = decoder.inspect(hostile("max_ycbcr_dwt_8192x8192.spk")).memory();
            long pixels = 8192L * 8192;
            assertEquals(pixels, grey.pixels());
            // The documented budget: 11 bytes per pixel in grey, 23 in colour (33 with the channels in parallel).
            assertEquals(11, (double) grey.decodeBytes(1) / pixels, 0.5);
            assertEquals(23, (double) colour.decodeBytes(1) / pixels, 0.5);
            assertEquals(33, (double) colour.decodeBytes(3) / pixels, 0.5);
            assertEquals(4, (double) grey.countsBytes() / pixels, 0.5);
        });
    }
}
