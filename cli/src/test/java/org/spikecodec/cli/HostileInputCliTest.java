package org.spikecodec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikecodec.cli.ChildJvm.Run;
import org.spikecodec.engine.HeapBudget;
import org.spikecodec.engine.SpikeCodec;
import org.spikecodec.engine.image.ColorModel;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.image.ImageFiles;

/**
 * Hostile input on a small heap, in child JVMs as a user runs the command line: the issue-11 reproducers and a PNG bomb
 * are bad input (exit 3) with the real cause in one message, never an {@link OutOfMemoryError} (exit 1) or bad usage
 * (exit 2); and a decoding whose heap is just above its documented budget succeeds.
 */
class HostileInputCliTest {
    private static final Path HOSTILE = Path.of("..", "engine", "src", "test", "resources", "hostile");
    private static final String SMALL_HEAP = "-Xmx64m";

    @TempDir static Path dir;
    static Path bomb;

    /** Reproducer, and what its refusal must say. */
    private static final Map<String, String> EXPECTED = new LinkedHashMap<>();
    static {
        EXPECTED.put("iae_lifquantizer_R_min.spk", "first decision threshold");
        EXPECTED.put("iae_lifquantizer_theta_1e-300.spk", "first decision threshold");
        EXPECTED.put("iae_lifquantizer_T_1e-320.spk", "first decision threshold");
        EXPECTED.put("iae_bandshape_rif_layer_tiny.spk", "layer time");
        EXPECTED.put("info_accepts_decode_rejects_subnormal_refractory.spk", "refractory period");
        EXPECTED.put("rif_cg10000_256.spk", "CG iterations");
        EXPECTED.put("rif_cg10000_2048.spk", "CG iterations");
        EXPECTED.put("slow_cg_tol_m_ast100x130_rif_1801.spk", "CG iterations");
        EXPECTED.put("max_grey_dwt_8192x8192.spk", "of heap");
        EXPECTED.put("max_ycbcr_dwt_8192x8192.spk", "of heap");
        EXPECTED.put("oom_geom_65536x1000_from_camera_pix.spk", "of heap");
    }

    @BeforeAll
    static void pngBomb() throws IOException {
        bomb = dir.resolve("bomb.png");
        Files.write(bomb, pngOfZeros(8192, 8192));
    }

    private static ChildJvm jvm(String... options) { return new ChildJvm(List.of(), List.of(options), dir.resolve("pocl-cache")); }

    @Test
    void reproducersAreBadInputOnASmallHeap() throws Exception {
        List<String> lines = new ArrayList<>();
        for (String name : EXPECTED.keySet()) {
            String f = HOSTILE.resolve(name).toString();
            lines.add(String.join("\t", "info", f, "--json", "--backend", "cpu"));
            lines.add(String.join("\t", "decode", f, "-o", dir.resolve("out.png").toString(), "--backend", "cpu"));
            lines.add(String.join("\t", "compare", f, f, "--backend", "cpu"));
        }
        Run r = jvm(SMALL_HEAP).run(CliBatch.class.getName(), lines.toArray());
        assertEquals(0, r.code(), r.err());
        List<String> results = r.out().lines().toList();
        assertEquals(lines.size(), results.size(), r.out());
        int i = 0;
        for (String name : EXPECTED.keySet())
            for (String command : List.of("info", "decode", "compare")) {
                String result = results.get(i++);
                assertTrue(result.startsWith(ExitCode.BAD_INPUT + "\tspikecodec " + command + ": "), name + " " + command + ": " + result);
                assertTrue(result.contains(EXPECTED.get(name)), name + " " + command + ": " + result);
                assertFalse(result.contains("OutOfMemoryError"), result);
            }
        assertFalse(Files.exists(dir.resolve("out.png")));
    }

    /** 8192x8192 16-bit RGB declared in a 400 KB file: refused from its header, saying why, before 1.2 GB are decoded. */
    @Test
    void pngBombIsRefusedFromItsHeader() throws Exception {
        long t0 = System.nanoTime();
        Run encode = jvm(SMALL_HEAP).cli("encode", bomb, "-o", dir.resolve("bomb.spk"));
        assertEquals(ExitCode.BAD_INPUT, encode.code(), encode.err());
        assertTrue(encode.err().contains("8192x8192 PNG needs about"), encode.err());
        assertTrue(encode.err().contains("of heap"), encode.err());
        assertFalse(encode.err().contains("OutOfMemoryError"), encode.err());
        assertTrue(System.nanoTime() - t0 < 60e9, "refused at once, not after decoding");
        Run compare = jvm(SMALL_HEAP).cli("compare", bomb, bomb);
        assertEquals(ExitCode.BAD_INPUT, compare.code(), compare.err());
    }

    /**
     * The budget is a bound: with a heap just above what the header says a decoding asks for, it succeeds (sequentially or
     * with the channels in parallel, whichever the heap allows); with half, it is refused before allocating. The 8192x8192
     * grey file is the case that needs the collector's headroom: its 4 P-byte arrays left G1 without room at 760 MiB.
     */
    @Test
    void decodingFitsItsDocumentedBudget() throws Exception {
        Image tile = ImageFiles.read(Path.of("..", "data", "photos", "astronaut.png"));
        int w = tile.width() * 4, h = tile.height() * 3;
        float[][] planes = new float[3][w * h];
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) planes[c][y * w + x] = tile.plane(c)[(y % tile.height()) * tile.width() + x % tile.width()];
        Path colour = dir.resolve("big.spk");
        try (SpikeCodec codec = SpikeCodec.open("cpu")) {
            Files.write(colour, codec.encode(new Image(w, h, ColorModel.RGB, planes)).file());
        }
        assertDecodesWithinItsBudget(colour);
        assertDecodesWithinItsBudget(HOSTILE.resolve("max_grey_dwt_8192x8192.spk"));
    }

    private static void assertDecodesWithinItsBudget(Path spk) throws Exception {
        long mib;
        try (SpikeCodec codec = SpikeCodec.open("cpu")) {
            mib = HeapBudget.withHeadroom(codec.inspect(Files.readAllBytes(spk)).memory().decodeBytes(1)) >> 20;
        }
        Run fits = jvm("-Xmx" + (mib + 24) + "m").cli("decode", spk, "-o", dir.resolve("fits.png"), "--backend", "cpu");
        assertEquals(ExitCode.OK, fits.code(), spk + " asks for " + mib + " MiB: " + fits.err());
        Run refused = jvm("-Xmx" + mib / 2 + "m").cli("decode", spk, "-o", dir.resolve("refused.png"), "--backend", "cpu");
        assertEquals(ExitCode.BAD_INPUT, refused.code(), refused.err());
        assertTrue(refused.err().contains("of heap"), refused.err());
    }

    /** A PNG of zero samples, 16-bit RGB: tiny once deflated, huge once decoded. */
    static byte[] pngOfZeros(int width, int height) throws IOException {
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        try (OutputStream z = new DeflaterOutputStream(idat)) {
            byte[] row = new byte[1 + width * 6]; // filter byte 0, then 3 samples of 2 bytes per pixel
            for (int y = 0; y < height; y++) z.write(row);
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(png, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 16).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0).array());
        chunk(png, "IDAT", idat.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(t);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
