package org.spikecodec.engine.golden;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Format version 1 is frozen: every golden file still decodes to the images whose hashes were recorded, and the
 * encoder still writes those very bytes from the same input and parameters. A failure here means a change of the
 * format or of the decoder's output: make it a new version, or remake the files deliberately ({@link GoldenFiles}).
 */
class GoldenFilesTest {
    static final Path DIR = Path.of("src", "test", "resources", "golden");

    static Stream<GoldenFiles.Case> cases() { return GoldenFiles.CASES.stream(); }

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
}
