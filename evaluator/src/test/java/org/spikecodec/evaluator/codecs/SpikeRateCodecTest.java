package org.spikecodec.evaluator.codecs;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spikecodec.engine.codec.CodecSettings;
import org.spikecodec.engine.image.ColorModel;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.image.ImageFiles;
import org.spikecodec.engine.metrics.Psnr;
import org.spikecodec.evaluator.Evaluation;
import org.spikecodec.kernels.cpu.CpuBackend;

/** The spike codec's sessions: every target within the tolerance, about one encoding each once the curve is known. */
class SpikeRateCodecTest {
    static CpuBackend backend;

    @BeforeAll static void open() { backend = new CpuBackend(); }
    @AfterAll static void close() { backend.close(); }

    static Image photo(String name) throws Exception { return ImageFiles.read(Path.of("..", "data", "photos", name)); }

    static Image crop(Image img, int x0, int y0, int w, int h) {
        float[][] p = new float[img.channels()][w * h];
        for (int c = 0; c < img.channels(); c++)
            for (int y = 0; y < h; y++) System.arraycopy(img.plane(c), (y + y0) * img.width() + x0, p[c], y * w, w);
        return new Image(w, h, img.model(), p);
    }

    /** The sweep's grid, then its four bisection probes between 0.5 and 0.75. */
    static List<Double> sweepTargets() {
        List<Double> t = new ArrayList<>();
        for (double r : Evaluation.DEFAULT_RATES) t.add(r);
        double lo = Math.log(0.5), hi = Math.log(0.75);
        for (int i = 0; i < 4; i++) {
            double mid = (lo + hi) / 2;
            t.add(Math.exp(mid));
            if (i % 2 == 0) lo = mid; else hi = mid;
        }
        return t;
    }

    @Test
    void aSweepMeetsEveryTargetInAboutOneEncodingEach() throws Exception {
        record Case(RateCodec codec, Image image, double perTarget) {}
        for (Case k : List.of(new Case(SpikeRateCodec.dwt(backend), photo("keong_macan.png"), 1.3),
                new Case(SpikeRateCodec.rif(backend), crop(photo("chelsea.png"), 100, 60, 160, 120), 2.5))) {
            List<Double> targets = sweepTargets();
            try (RateCodec.Session s = k.codec().open(k.image())) {
                long afterTwo = 0;
                double lastPsnr = 0;
                for (int i = 0; i < targets.size(); i++) {
                    double t = targets.get(i);
                    long before = s.encodings();
                    RateCodec.Compressed c = s.compress(t);
                    assertEquals(t, c.payloadBpp(), SpikeRateCodec.DEFAULT_TOLERANCE * t, k.codec().name() + " at " + t);
                    if (i >= 2) afterTwo += s.encodings() - before;
                    // Both front ends: the retina filter's quality was flat with the rate before issue 14 (one layer, and the
                    // CG iterations chosen per file, which the session's files carry as the CLI's do).
                    if (i < Evaluation.DEFAULT_RATES.length) {
                        double psnr = Psnr.of(k.image(), c.decoded());
                        assertTrue(psnr > lastPsnr, k.codec().name() + ": PSNR rises with the rate");
                        lastPsnr = psnr;
                    }
                }
                assertTrue(afterTwo <= k.perTarget() * (targets.size() - 2),
                        k.codec().name() + ": " + afterTwo + " encodings for the " + (targets.size() - 2) + " targets after the first two");
            }
        }
    }

    @Test
    void aSessionCostsLessThanFreshOnesAndMeetsTheSameTolerance() throws Exception {
        Image img = crop(photo("astronaut.png"), 100, 100, 128, 128);
        double[] targets = {0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 0.6, 0.62};
        SpikeRateCodec codec = SpikeRateCodec.dwt(backend);
        long alone = 0;
        try (RateCodec.Session shared = codec.open(img)) {
            for (double t : targets) {
                assertEquals(t, shared.compress(t).payloadBpp(), 0.02 * t, "session at " + t);
                try (RateCodec.Session fresh = codec.open(img)) {
                    assertEquals(t, fresh.compress(t).payloadBpp(), 0.02 * t, "fresh at " + t);
                    alone += fresh.encodings();
                }
            }
            assertTrue(shared.encodings() < alone, shared.encodings() + " encodings in one session, " + alone + " in fresh ones");
        }
    }

    @Test
    void theToleranceIsTheCallersChoice() throws Exception {
        Image img = crop(photo("coffee.png"), 200, 100, 160, 160);
        SpikeRateCodec loose = new SpikeRateCodec("spike-dwt", CodecSettings.defaults(), backend, 0.10);
        SpikeRateCodec tight = new SpikeRateCodec("spike-dwt", CodecSettings.defaults(), backend, 0.002);
        long looseEncodings, tightEncodings;
        try (RateCodec.Session s = loose.open(img)) {
            for (double t : Evaluation.DEFAULT_RATES) assertEquals(t, s.compress(t).payloadBpp(), 0.10 * t);
            looseEncodings = s.encodings();
        }
        try (RateCodec.Session s = tight.open(img)) {
            for (double t : Evaluation.DEFAULT_RATES) assertEquals(t, s.compress(t).payloadBpp(), Math.max(0.002 * t, 8.0 / img.pixels()));
            tightEncodings = s.encodings();
        }
        assertTrue(looseEncodings < tightEncodings, looseEncodings + " encodings at 10%, " + tightEncodings + " at 0.2%");
        assertThrows(IllegalArgumentException.class, () -> new SpikeRateCodec("x", CodecSettings.defaults(), backend, -0.01));
    }

    @Test
    void unreachableTargetsGiveTheNearestFile() throws Exception {
        float[] flat = new float[24 * 24];
        Arrays.fill(flat, 200);
        for (Image img : List.of(crop(photo("camera.png"), 250, 250, 8, 8), new Image(24, 24, ColorModel.GREY, new float[][] {flat}))) {
            try (RateCodec.Session s = SpikeRateCodec.dwt(backend).open(img)) {
                RateCodec.Compressed low = s.compress(1e-4), high = s.compress(64);
                assertTrue(low.payloadBytes() <= high.payloadBytes(), img + ": no file is smaller than the one below every target");
                assertTrue(high.payloadBpp() < 64, img + ": " + high.payloadBpp());
                assertEquals(img.width(), high.decoded().width());
                assertTrue(s.encodings() <= 60, img + ": " + s.encodings() + " encodings");
            }
        }
    }

    /** spike-rif-scaled: at each target the best of its retina configurations that stays near the target. */
    @Test
    void retinaChoiceKeepsTheBestCandidateNearTheTarget() throws Exception {
        Image img = crop(photo("camera.png"), 200, 150, 96, 72);
        ChoosingRateCodec codec = (ChoosingRateCodec) Evaluation.codec("spike-rif-scaled", backend);
        assertEquals("spike-rif-scaled", codec.name());
        List<RateCodec> alone = new ArrayList<>();
        for (var spec : org.spikecodec.engine.transform.rif.ScaledRifFrontEnd.defaultCandidates())
            alone.add(new SpikeRateCodec("one", CodecSettings.defaults().withTransform(spec), backend));
        // 0.02 bpp lies below every candidate's smallest payload on this crop: the smallest is kept. At 0.5 and 1.5 some
        // candidates reach the target (checked), so the best PSNR among them must win: comparing whole files (a header of
        // about 0.1 bpp on this 96 x 72 crop) had kept the smallest at 0.5 instead (19.3 dB against 25.9).
        // A fresh session per target on both sides: a rate search's nearest file depends on what it tried before.
        for (double t : new double[] {0.02, 0.5, 1.5}) {
            try (RateCodec.Session s = codec.open(img)) {
                RateCodec.Compressed c = s.compress(t);
                double best = Double.NEGATIVE_INFINITY, smallest = Double.POSITIVE_INFINITY;
                for (RateCodec one : alone)
                    try (RateCodec.Session o = one.open(img)) {
                        RateCodec.Compressed d = o.compress(t);
                        smallest = Math.min(smallest, d.payloadBpp());
                        if (d.payloadBpp() <= t * (1 + ChoosingRateCodec.OVER)) best = Math.max(best, Psnr.of(img, d.decoded().quantized8()));
                    }
                if (t >= 0.5) assertTrue(best > Double.NEGATIVE_INFINITY, "target " + t);
                if (best == Double.NEGATIVE_INFINITY) assertEquals(smallest, c.payloadBpp(), 0, "target " + t);
                else assertEquals(best, Psnr.of(img, c.decoded().quantized8()), 0, "target " + t);
                assertTrue(s.encodings() > 0);
            }
        }
    }
}
