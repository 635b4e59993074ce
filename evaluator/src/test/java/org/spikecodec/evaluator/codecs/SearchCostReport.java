package org.spikecodec.evaluator.codecs;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.image.ImageFiles;
import org.spikecodec.engine.metrics.Psnr;
import org.spikecodec.evaluator.Evaluation;

/**
 * Not a test: what the rate search costs per image, on real photos, for every quality-searched codec at the
 * evaluator's default rates (one session per image and codec, the rates in the sweep's ascending order).
 * Run with {@code -Dtest=SearchCostReport -DsearchCost=camera,astronaut} (photos of data/photos).
 */
@EnabledIfSystemProperty(named = "searchCost", matches = ".+")
class SearchCostReport {
    @Test
    void report() throws Exception {
        List<RateCodec> codecs = List.of(new JpegRateCodec(), new Jj2000RateCodec(), new WebpRateCodec(), new AvifRateCodec(), new JxlRateCodec());
        for (String photo : System.getProperty("searchCost").split(",")) {
            Image image = ImageFiles.read(Path.of("..", "data", "photos", photo + ".png"));
            System.out.printf(Locale.ROOT, "%s (%s)%n%-9s %10s %9s %12s %12s  %s%n", photo, image, "codec", "encodings", "ms", "mean |err|", "worst |err|", "payload bpp / PSNR per rate");
            for (RateCodec codec : codecs) {
                StringBuilder points = new StringBuilder();
                double sumErr = 0, worst = 0;
                long t0 = System.nanoTime(), encodings;
                try (RateCodec.Session s = codec.open(image)) {
                    for (double bpp : Evaluation.DEFAULT_RATES) {
                        RateCodec.Compressed c = s.compress(bpp);
                        double err = Math.abs(c.payloadBpp() / bpp - 1);
                        sumErr += err;
                        worst = Math.max(worst, err);
                        points.append(String.format(Locale.ROOT, " %.3f/%.1f", c.payloadBpp(), Psnr.of(image, c.decoded())));
                    }
                    encodings = s.encodings();
                }
                double ms = (System.nanoTime() - t0) / 1e6;
                System.out.printf(Locale.ROOT, "%-9s %10d %9.0f %11.2f%% %11.2f%% %s%n", codec.name(), encodings, ms,
                        100 * sumErr / Evaluation.DEFAULT_RATES.length, 100 * worst, points);
            }
        }
    }
}
