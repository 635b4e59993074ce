package org.spikecodec.evaluator.data;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikecodec.engine.image.BufferedImages;
import org.spikecodec.engine.image.ImageFiles;
import org.spikecodec.evaluator.EmbeddedDefaults;

/** Folders of photos: which are lossless originals, the embedded set, the corpus's manifest. */
class PhotoDatasetTest {
    static final Path PHOTOS = Path.of("..", "data", "photos");
    @TempDir Path dir;

    @Test
    void embeddedPhotosAreExactlyTheDataFolder() throws Exception {
        TreeSet<String> folder;
        try (var s = Files.list(PHOTOS)) {
            folder = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".png")).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(folder, new TreeSet<>(EmbeddedDefaults.PHOTOS), "EmbeddedDefaults.PHOTOS must list data/photos");
        Path out = EmbeddedDefaults.photos(dir);
        Dataset d = Datasets.open(out, List.of());
        assertEquals(EmbeddedDefaults.PHOTOS.size(), d.samples().size());
        assertFalse(d.labelled());
        for (Sample s : d.samples()) {
            assertTrue(d.lossless(s), s.id());
            assertArrayEquals(Files.readAllBytes(PHOTOS.resolve(s.id())), Files.readAllBytes(out.resolve(s.id())), "embedded bytes unchanged: " + s.id());
        }
    }

    @Test
    void jpegContentIsLossyWhateverItsName() throws Exception {
        Files.copy(PHOTOS.resolve("teriyaki.png"), dir.resolve("a.png"));
        javax.imageio.ImageIO.write(BufferedImages.toBufferedImage(ImageFiles.read(PHOTOS.resolve("teriyaki.png"))), "jpeg", dir.resolve("b.png").toFile());
        Files.copy(dir.resolve("b.png"), dir.resolve("c.jpg"));
        Dataset d = Datasets.open(dir, List.of());
        Map<String, Boolean> lossless = d.samples().stream().collect(Collectors.toMap(Sample::id, d::lossless));
        assertEquals(Map.of("a.png", true, "b.png", false, "c.jpg", false), lossless);
    }

    @Test
    void manifestOverridesSniffingAndBadManifestsAreIgnored() throws Exception {
        Files.copy(PHOTOS.resolve("teriyaki.png"), dir.resolve("moon.png"));
        Files.copy(PHOTOS.resolve("clock_motion.png"), dir.resolve("clock.png"));
        // the corpus's shape: name first, lossless in the ninth column, more columns after
        Files.writeString(dir.resolve("manifest.csv"), "name,package,version,path_in_package,licence,width,height,format,lossless,sha256\n"
                + "moon.png,python3-skimage,1,x,CC0,1,1,PNG,no,00\n");
        Dataset d = Datasets.open(dir, List.of());
        assertTrue(d.description().contains("manifest.csv"), d.description());
        for (Sample s : d.samples()) assertEquals(!s.id().equals("moon.png"), d.lossless(s), s.id());

        Files.writeString(dir.resolve("manifest.csv"), "file,kind\nmoon.png,no\n"); // no name/lossless columns
        Dataset d2 = Datasets.open(dir, List.of());
        for (Sample s : d2.samples()) assertTrue(d2.lossless(s), s.id());
        Files.write(dir.resolve("manifest.csv"), new byte[] {(byte) 0xC3, 0x28, '\n'}); // not UTF-8
        assertEquals(2, Datasets.open(dir, List.of()).samples().size(), "the photos are still a dataset");
    }

    @Test
    void corpusManifestOfTheRepositoryMarksTheKnownLossyPngs() throws Exception {
        Map<String, Boolean> m = PhotoManifest.lossless(Path.of("..", "data", "corpus"));
        assertEquals(169, m.size());
        assertEquals(34, m.values().stream().filter(v -> v).count(), "34 lossless originals");
        assertEquals(false, m.get("skimage-moon.png"), "a PNG with JPEG blocks");
        assertEquals(true, m.get("skimage-coffee.png"));
    }

    /** The corpus as .ci/run installs it (data/corpus/fetch-photos.sh): skipped where it is not installed. */
    @Test
    void installedCorpusIsADatasetThatKnowsItsLosslessPhotos() throws Exception {
        Path corpus = Path.of("..", "data", "corpus", "photos");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(corpus.resolve("manifest.csv")), "corpus not installed (data/corpus/fetch-photos.sh)");
        Dataset d = Datasets.open(corpus, List.of());
        assertEquals(169, d.samples().size());
        assertEquals(34, d.samples().stream().filter(d::lossless).count());
        assertEquals(512, d.load(d.samples().stream().filter(x -> x.id().equals("skimage-moon.png")).findFirst().orElseThrow()).width());
    }
}
