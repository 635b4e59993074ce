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
    void samplingIsDeterministicAndStratified() {
        List<Sample> all = new java.util.ArrayList<>();
        for (int i = 0; i < 1000; i++) all.add(new Sample("s" + i, i % 10, i));
        List<Sample> a = Sampling.limit(all, 30, 7), b = Sampling.limit(all, 30, 7), c = Sampling.limit(all, 30, 8);
        assertEquals(a, b);
        assertNotEquals(a, c);
        assertEquals(30, a.size());
        assertEquals(10, new HashSet<>(a.stream().map(Sample::label).toList()).size(), "every class kept");
        for (int k = 0; k < 10; k++) { final int kk = k; assertEquals(3, a.stream().filter(s -> s.label() == kk).count()); }
        assertEquals(all, Sampling.limit(all, 0, 1));
        assertEquals(all, Sampling.limit(all, 5000, 1));
    }

    @Test
    void debianFashionMnistTestSet() throws Exception {
        Path p = Path.of("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz");
        assumeTrue(Files.exists(p), "Debian's dataset-fashion-mnist is not installed");
        Dataset d = Datasets.open(p, List.of());
        assertEquals(10000, d.samples().size());
        assertEquals(9, d.samples().get(0).label()); // the first test image is an ankle boot
        assertEquals(28, d.load(d.samples().get(0)).width());
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
