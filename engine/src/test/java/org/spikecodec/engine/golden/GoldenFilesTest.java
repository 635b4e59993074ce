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
 * Version 1's files ({@code golden/v1}, one stream per channel) still decode to their recorded images, which are
 * those of version 2: the two versions code the same counts.
 */
class GoldenFilesTest {
    static final Path DIR = Path.of("src", "test", "resources", "golden");
    static final Path V1 = DIR.resolve("v1");

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
        GoldenFiles.Hashes recorded = GoldenFiles.readManifest(V1).get(c.name());
        byte[] file = Files.readAllBytes(V1.resolve(c.file()));
        assertEquals(1, file[SpkContainer.MAGIC.length], c.file() + " is a version-1 file");
        GoldenFiles.Hashes now = GoldenFiles.hashes(file);
        assertEquals(recorded.file(), now.file(), c.file() + " is not the file recorded (damaged or replaced?)");
        assertEquals(recorded.decoded8(), now.decoded8(), c.file() + ": the decoded image's 8-bit samples changed");
        assertEquals(recorded.decodedFloat(), now.decodedFloat(), c.file() + ": the decoder's float output changed");
        // Version 2 codes the same counts: its golden file decodes to the very same image.
        GoldenFiles.Hashes current = GoldenFiles.readManifest(DIR).get(c.name());
        assertEquals(recorded.decodedFloat(), current.decodedFloat(), c.name() + ": versions 1 and 2 decode differently");
    }
}
