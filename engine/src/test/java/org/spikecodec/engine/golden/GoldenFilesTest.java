package org.spikecodec.engine.golden;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spikecodec.engine.container.SpkContainer;

/**
 * The format version written is frozen: every golden file still decodes to the images whose hashes were recorded, and
 * the encoder still writes those very bytes from the same input and parameters. A failure here means a change of the
 * format or of the decoder's output: make it a new version, or remake the files deliberately ({@link GoldenFiles}).
 * Version 1's files ({@code golden/v1}, one stream per channel) and version 2's ({@code golden/v2}, blocks without chunk
 * flags) still decode to their recorded images, which are those of the current version: all versions code the same
 * counts.
 */
class GoldenFilesTest {
    static final Path DIR = Path.of("src", "test", "resources", "golden");
    static final Path V1 = DIR.resolve("v1");
    static final Path V2 = DIR.resolve("v2");

    static Stream<GoldenFiles.Case> cases() { return GoldenFiles.CASES.stream(); }
    /** The cases version 1 had (the dynamic retina, transform kind 4, came with version 2). */
    static Stream<GoldenFiles.Case> version1Cases() throws IOException {
        var v1 = GoldenFiles.readManifest(V1).keySet();
        return GoldenFiles.CASES.stream().filter(c -> v1.contains(c.name()));
    }

    @Test
    void manifestListsEveryCase() throws Exception {
        assertEquals(GoldenFiles.CASES.stream().map(GoldenFiles.Case::name).toList(), GoldenFiles.readManifest(DIR).keySet().stream().toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decodesAsRecordedAndReencodesToTheSameBytes(GoldenFiles.Case c) throws Exception {
        GoldenFiles.Hashes recorded = GoldenFiles.readManifest(DIR).get(c.name());
        byte[] file = Files.readAllBytes(DIR.resolve(c.file()));
        GoldenFiles.Hashes now = GoldenFiles.hashes(file);
        assertEquals(recorded.file(), now.file(), c.file() + " is not the file recorded (damaged or replaced?)");
        assertEquals(recorded.decoded8(), now.decoded8(), c.file() + ": the decoded image's 8-bit samples changed");
        assertEquals(recorded.decodedFloat(), now.decodedFloat(), c.file() + ": the decoder's float output changed");
        assertArrayEquals(file, GoldenFiles.encode(c, DIR), c.name() + ": the encoder no longer writes the golden bytes");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("version1Cases")
    void version1FilesStillDecodeAsRecorded(GoldenFiles.Case c) throws Exception {
        assertOlderVersionDecodesAsRecorded(V1, 1, c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void version2FilesStillDecodeAsRecorded(GoldenFiles.Case c) throws Exception {
        assertOlderVersionDecodesAsRecorded(V2, SpkContainer.VERSION_BLOCKS, c);
    }

    @Test
    void version2ManifestListsEveryCase() throws Exception {
        assertEquals(GoldenFiles.CASES.stream().map(GoldenFiles.Case::name).toList(), GoldenFiles.readManifest(V2).keySet().stream().toList());
    }

    private static void assertOlderVersionDecodesAsRecorded(Path dir, int version, GoldenFiles.Case c) throws Exception {
        GoldenFiles.Hashes recorded = GoldenFiles.readManifest(dir).get(c.name());
        byte[] file = Files.readAllBytes(dir.resolve(c.file()));
        assertEquals(version, file[SpkContainer.MAGIC.length], c.file() + " is a version-" + version + " file");
        GoldenFiles.Hashes now = GoldenFiles.hashes(file);
        assertEquals(recorded.file(), now.file(), c.file() + " is not the file recorded (damaged or replaced?)");
        assertEquals(recorded.decoded8(), now.decoded8(), c.file() + ": the decoded image's 8-bit samples changed");
        assertEquals(recorded.decodedFloat(), now.decodedFloat(), c.file() + ": the decoder's float output changed");
        // The current version codes the same counts: its golden file decodes to the very same image.
        GoldenFiles.Hashes current = GoldenFiles.readManifest(DIR).get(c.name());
        assertEquals(recorded.decodedFloat(), current.decodedFloat(), c.name() + ": versions " + version + " and " + SpkContainer.VERSION + " decode differently");
    }
}
