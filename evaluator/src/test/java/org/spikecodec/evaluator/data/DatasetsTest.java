package org.spikecodec.evaluator.data;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikecodec.engine.InvalidInputException;
import org.spikecodec.engine.image.ColorModel;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.image.ImageFiles;

class DatasetsTest {
    @TempDir Path dir;

    private Path png(Path p, float value) throws IOException {
        Files.createDirectories(p.getParent());
        float[] px = new float[12];
        Arrays.fill(px, value);
        ImageFiles.write(new Image(4, 3, ColorModel.GREY, new float[][] {px}), p);
        return p;
    }

    @Test
    void classFoldersTakeLabelsFromSortedNamesOrFromTheLabelFile() throws Exception {
        png(dir.resolve("dog/a.png"), 10);
        png(dir.resolve("cat/b.png"), 20);
        png(dir.resolve("cat/c.png"), 30);
        Files.writeString(dir.resolve("cat/notes.txt"), "ignored");
        Dataset d = Datasets.open(dir, List.of());
        assertTrue(d.labelled());
        assertEquals(List.of("cat", "dog"), d.classNames());
        assertEquals(List.of("cat/b.png", "cat/c.png", "dog/a.png"), d.samples().stream().map(Sample::id).toList());
        assertEquals(List.of(0, 0, 1), d.samples().stream().map(Sample::label).toList());
        assertEquals(30f, d.load(d.samples().get(1)).plane(0)[0]);
        // With a label file that names the folders, its indices win (an ImageNet model's 1000 classes).
        Dataset byFile = Datasets.open(dir, List.of("bird", "dog", "fish", "cat"));
        assertEquals(List.of(3, 3, 1), byFile.samples().stream().map(Sample::label).toList());
    }

    @Test
    void flatFolderIsUnlabelledAndCorruptImagesFailAlone() throws Exception {
        png(dir.resolve("x.png"), 1);
        Files.write(dir.resolve("y.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2});
        png(dir.resolve("z.png"), 3);
        Dataset d = Datasets.open(dir, List.of());
        assertFalse(d.labelled());
        assertEquals(3, d.samples().size());
        assertTrue(d.samples().stream().allMatch(s -> s.label() == -1));
        assertEquals(1f, d.load(d.samples().get(0)).plane(0)[0]);
        assertThrows(InvalidInputException.class, () -> d.load(d.samples().get(1)));
        assertEquals(3f, d.load(d.samples().get(2)).plane(0)[0]);
    }

    @Test
    void csvManifestWithHeaderNamesIndicesAndQuotes() throws Exception {
        png(dir.resolve("imgs/a,b.png"), 5);
        png(dir.resolve("imgs/c.png"), 6);
        Files.writeString(dir.resolve("m.csv"), "path,label\n\"imgs/a,b.png\",cat\nimgs/c.png,2\n");
        Dataset d = Datasets.open(dir.resolve("m.csv"), List.of("dog", "cat", "bird"));
        assertEquals(List.of(1, 2), d.samples().stream().map(Sample::label).toList());
        assertEquals(5f, d.load(d.samples().get(0)).plane(0)[0]);
        Files.writeString(dir.resolve("bad.csv"), "imgs/c.png,1\nimgs/c.png,zebra\n");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Datasets.open(dir.resolve("bad.csv"), List.of()));
        assertTrue(e.getMessage().contains("bad.csv:2"), e.getMessage());
    }

    @Test
    void idxFilesPlainAndGzippedWithLabelsBeside() throws Exception {
        byte[] images = idxImages(5, 2, 3), labels = idxLabels(new byte[] {4, 0, 9, 1, 1});
        Files.write(dir.resolve("t-images-idx3-ubyte"), images);
        Files.write(dir.resolve("t-labels-idx1-ubyte"), labels);
        Dataset d = Datasets.open(dir.resolve("t-images-idx3-ubyte"), List.of());
        assertEquals(5, d.samples().size());
        assertEquals(List.of(4, 0, 9, 1, 1), d.samples().stream().map(Sample::label).toList());
        Image third = d.load(d.samples().get(2));
        assertEquals(3, third.width());
        assertEquals(2, third.height());
        assertEquals((2 * 6 + 4) & 0xff, (int) third.plane(0)[4]);
        Files.write(dir.resolve("g-images-idx3-ubyte.gz"), gzip(images));
        Files.write(dir.resolve("g-labels-idx1-ubyte.gz"), gzip(labels));
        Dataset g = Datasets.open(dir.resolve("g-images-idx3-ubyte.gz"), List.of());
        assertArrayEquals(third.plane(0), g.load(g.samples().get(2)).plane(0));
        Files.delete(dir.resolve("t-labels-idx1-ubyte"));
        assertFalse(Datasets.open(dir.resolve("t-images-idx3-ubyte"), List.of()).labelled());
    }

    @Test
    void hostileIdxHeadersFailFast() throws Exception {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            byte[] good = idxImages(5, 2, 3);
            for (int len = 0; len < good.length; len++) {
                Files.write(dir.resolve("c-images-idx3-ubyte"), Arrays.copyOf(good, len));
                assertThrows(InvalidInputException.class, () -> Datasets.open(dir.resolve("c-images-idx3-ubyte"), List.of()), "cut at " + len);
            }
            byte[] huge = ByteBuffer.allocate(20).putInt(0x803).putInt(0x7fffffff).putInt(60000).putInt(60000).array();
            Files.write(dir.resolve("h-images-idx3-ubyte"), huge);
            assertThrows(InvalidInputException.class, () -> Datasets.open(dir.resolve("h-images-idx3-ubyte"), List.of()));
        });
    }

    @Test
    void debianFashionMnistTestSet() throws Exception {
        Path p = Path.of("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz");
        assumeTrue(Files.exists(p), "Debian's dataset-fashion-mnist is not installed");
        List<String> names = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
        Dataset d = Datasets.open(p, names);
        assertEquals(10000, d.samples().size());
        assertTrue(d.labelled());
        assertEquals(9, d.samples().get(0).label()); // the first test image is an ankle boot
        assertEquals("Ankle boot", d.classNames().get(9));
        for (int k = 0; k < 10; k++) { final int kk = k; assertEquals(1000, d.samples().stream().filter(s -> s.label() == kk).count()); }
        Image first = d.load(d.samples().get(0));
        assertEquals(28, first.width());
        assertEquals(28, first.height());
        assertEquals(ColorModel.GREY, first.model());
        Image last = d.load(d.samples().get(9999));
        assertEquals(28 * 28, last.plane(0).length);
    }

    @Test
    void classFoldersCountEmptyFoldersIgnoreHiddenAndLooseFilesAndFallBackWhenNamesAreMissing() throws Exception {
        png(dir.resolve("b/x.PNG"), 1);
        Files.createDirectories(dir.resolve("a"));            // an empty class still takes its sorted place
        png(dir.resolve("c/y.pgm"), 2);
        png(dir.resolve(".hidden/z.png"), 3);
        png(dir.resolve("c/.z.png"), 3);
        png(dir.resolve("loose.png"), 4);
        Dataset d = Datasets.open(dir, List.of("c", "b"));   // "a" is missing from the label list: sorted names
        assertEquals(List.of("a", "b", "c"), d.classNames());
        assertEquals(List.of("b/x.PNG", "c/y.pgm"), d.samples().stream().map(Sample::id).toList());
        assertEquals(List.of(1, 2), d.samples().stream().map(Sample::label).toList());
        assertTrue(d.description().contains("sorted folder names"), d.description());
        Files.delete(dir.resolve("a"));
        Dataset byFile = Datasets.open(dir, List.of("c", "b"));
        assertEquals(List.of(1, 0), byFile.samples().stream().map(Sample::label).toList());
        assertEquals(List.of("c", "b"), byFile.classNames());
    }

    @Test
    void symlinkLoopsDoNotHang() throws Exception {
        png(dir.resolve("k/a.png"), 1);
        try {
            Files.createSymbolicLink(dir.resolve("k/loop"), dir);
            Files.createSymbolicLink(dir.resolve("self"), dir);
        } catch (UnsupportedOperationException | IOException e) {
            assumeTrue(false, "no symbolic links here");
        }
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            Dataset d = Datasets.open(dir, List.of());
            assertEquals(List.of("k/a.png"), d.samples().stream().map(Sample::id).toList());
        });
    }

    @Test
    void emptyFoldersAndUnknownFilesAreClearErrors() throws Exception {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Datasets.open(dir, List.of()));
        assertTrue(e.getMessage().contains("no images"), e.getMessage());
        Files.writeString(dir.resolve("notes.txt"), "hello");
        assertThrows(InvalidInputException.class, () -> Datasets.open(dir.resolve("notes.txt"), List.of()));
        assertThrows(InvalidInputException.class, () -> Datasets.open(dir.resolve("missing"), List.of()));
        Files.write(dir.resolve("t-labels-idx1-ubyte"), idxLabels(new byte[] {1}));
        e = assertThrows(InvalidInputException.class, () -> Datasets.open(dir.resolve("t-labels-idx1-ubyte"), List.of()));
        assertTrue(e.getMessage().contains("labels file"), e.getMessage());
    }

    @Test
    void flatFolderMatchesExtensionsInAnyCaseAndSkipsOtherFiles() throws Exception {
        png(dir.resolve("B.PNG"), 1);
        png(dir.resolve("a.pgm"), 2);
        png(dir.resolve(".c.png"), 3);
        Files.writeString(dir.resolve("readme.md"), "x");
        Dataset d = Datasets.open(dir, List.of("unused"));
        assertEquals(List.of("B.PNG", "a.pgm"), d.samples().stream().map(Sample::id).toList());
        assertEquals(List.of(), d.classNames());
        assertFalse(d.labelled());
        assertEquals(2f, d.load(d.samples().get(1)).plane(0)[0]);
    }

    @Test
    void csvWithoutHeaderAndWithNamesBecomesSortedClasses() throws Exception {
        png(dir.resolve("a.png"), 1);
        png(dir.resolve("sub/b.png"), 2);
        png(dir.resolve("c.png"), 3);
        Files.writeString(dir.resolve("m.csv"), "\uFEFFa.png,zebra\n# a comment\n\n sub/b.png , ant \n\"c.png\",\"zebra\"\n");
        Dataset d = Datasets.open(dir.resolve("m.csv"), List.of());
        assertTrue(d.labelled());
        assertEquals(List.of("ant", "zebra"), d.classNames());
        assertEquals(List.of("a.png", "sub/b.png", "c.png"), d.samples().stream().map(Sample::id).toList());
        assertEquals(List.of(1, 0, 1), d.samples().stream().map(Sample::label).toList());
        assertEquals(2f, d.load(d.samples().get(1)).plane(0)[0]);
        // Integer labels without a label file: used as they are, class names unknown.
        Files.writeString(dir.resolve("i.csv"), "filename,class\na.png,7\nc.png,0\n");
        Dataset i = Datasets.open(dir.resolve("i.csv"), List.of());
        assertEquals(List.of(7, 0), i.samples().stream().map(Sample::label).toList());
        assertEquals(List.of(), i.classNames());
        // No labels at all: unlabelled; a missing image fails alone, when loaded.
        Files.writeString(dir.resolve("u.csv"), "path\na.png\ngone.png\n");
        Dataset u = Datasets.open(dir.resolve("u.csv"), List.of());
        assertFalse(u.labelled());
        assertEquals(1f, u.load(u.samples().get(0)).plane(0)[0]);
        assertThrows(InvalidInputException.class, () -> u.load(u.samples().get(1)));
    }

    @Test
    void malformedCsvLinesAreNamedByLineNumber() throws Exception {
        png(dir.resolve("a.png"), 1);
        assertCsvError("a.png,1\n\"b.png,2\n", List.of(), ":2:", "quote");
        assertCsvError("path,label\na.png,1,extra\n", List.of(), ":2:", "fields");
        assertCsvError("a.png,1\nb.png\n", List.of(), ":2:", "no label");
        assertCsvError("a.png,1\n./a.png,2\n", List.of(), ":2:", "line 1");
        assertCsvError("a.png,cat\nb.png,5\n", List.of("cat", "dog"), ":2:", "beyond");
        assertCsvError("a.png,cat\n,dog\n", List.of("cat", "dog"), ":2:", "empty path");
        assertCsvError("# nothing\n", List.of(), "m.csv", "no image");
    }

    private void assertCsvError(String content, List<String> labels, String where, String what) throws IOException {
        Files.writeString(dir.resolve("m.csv"), content);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Datasets.open(dir.resolve("m.csv"), labels), content);
        assertTrue(e.getMessage().contains("m.csv" + (where.startsWith(":") ? where : "")) && e.getMessage().contains(what), e.getMessage());
    }

    @Test
    void gzipIsDetectedByMagicNotByName() throws Exception {
        byte[] images = idxImages(3, 2, 2);
        Files.write(dir.resolve("x-images-idx3-ubyte"), gzip(images));          // gzipped, no .gz
        Files.write(dir.resolve("x-labels-idx1-ubyte.gz"), idxLabels(new byte[] {2, 1, 0})); // plain, named .gz
        Dataset d = Datasets.open(dir.resolve("x-images-idx3-ubyte"), List.of("a", "b", "c"));
        assertEquals(List.of(2, 1, 0), d.samples().stream().map(Sample::label).toList());
        assertEquals(List.of("a", "b", "c"), d.classNames());
        assertEquals(List.of("idx:0", "idx:1", "idx:2"), d.samples().stream().map(Sample::id).toList());
        assertEquals(4f, d.load(d.samples().get(1)).plane(0)[0]);
        assertEquals(ColorModel.GREY, d.load(d.samples().get(1)).model());
        // A label file too short for the labels: class names unknown, labels kept.
        assertEquals(List.of(), Datasets.open(dir.resolve("x-images-idx3-ubyte"), List.of("a")).classNames());
    }

    @Test
    void hostileGzippedIdxFailsFastWhenOpened() throws Exception {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            byte[] huge = ByteBuffer.allocate(16).putInt(0x803).putInt(1_000_000).putInt(100).putInt(100).array();
            Files.write(dir.resolve("h-images-idx3-ubyte.gz"), gzip(huge));
            assertThrows(InvalidInputException.class, () -> Datasets.open(dir.resolve("h-images-idx3-ubyte.gz"), List.of()));
            byte[] gz = gzip(idxImages(50, 28, 28));
            for (int len : new int[] {1, 2, 10, 20, gz.length / 2, gz.length - 1}) {
                Files.write(dir.resolve("t-images-idx3-ubyte.gz"), Arrays.copyOf(gz, len));
                assertThrows(InvalidInputException.class, () -> Datasets.open(dir.resolve("t-images-idx3-ubyte.gz"), List.of()), "cut at " + len);
            }
            Files.write(dir.resolve("t-images-idx3-ubyte.gz"), gz);
            Files.write(dir.resolve("t-labels-idx1-ubyte.gz"), gzip(idxLabels(new byte[49])));   // one label short
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> Datasets.open(dir.resolve("t-images-idx3-ubyte.gz"), List.of()));
            assertTrue(e.getMessage().contains("49 labels for 50 images"), e.getMessage());
            Files.write(dir.resolve("t-labels-idx1-ubyte.gz"), Arrays.copyOf(gzip(idxLabels(new byte[50])), 30)); // truncated labels
            assertThrows(InvalidInputException.class, () -> Datasets.open(dir.resolve("t-images-idx3-ubyte.gz"), List.of()));
        });
    }

    @Test
    void idxPixelsLoadOnceAndConcurrently() throws Exception {
        Files.write(dir.resolve("p-images-idx3-ubyte"), idxImages(64, 5, 7));
        Dataset d = Datasets.open(dir.resolve("p-images-idx3-ubyte"), List.of());
        assertFalse(d.labelled());
        List<Sample> s = d.samples();
        List<Image> loaded = s.parallelStream().map(x -> {
            try { return d.load(x); } catch (InvalidInputException e) { throw new RuntimeException(e); }
        }).toList();
        for (int i = 0; i < s.size(); i++) assertEquals((i * 35) & 0xff, (int) loaded.get(i).plane(0)[0]);
        assertThrows(IllegalArgumentException.class, () -> d.load(new Sample("idx:99", -1, 99)));
    }

    static byte[] idxImages(int n, int rows, int cols) {
        ByteBuffer b = ByteBuffer.allocate(16 + n * rows * cols).putInt(0x803).putInt(n).putInt(rows).putInt(cols);
        for (int i = 0; i < n * rows * cols; i++) b.put((byte) i);
        return b.array();
    }

    static byte[] idxLabels(byte[] l) {
        return ByteBuffer.allocate(8 + l.length).putInt(0x801).putInt(l.length).put(l).array();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (OutputStream o = new GZIPOutputStream(bo)) { o.write(data); }
        return bo.toByteArray();
    }
}
