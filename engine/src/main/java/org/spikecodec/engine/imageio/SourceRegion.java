package org.spikecodec.engine.imageio;

import java.awt.Rectangle;
import javax.imageio.IIOParam;
import org.spikecodec.engine.image.Image;

/** The source region and subsampling of an {@link IIOParam}, applied to planes: the part of them read or written. */
final class SourceRegion {
    private SourceRegion() {}

    /**
     * The samples {@code param} selects from {@code image}; the image itself when it selects them all.
     *
     * @throws IllegalArgumentException when the region and offsets leave no pixel of the image
     */
    static Image of(Image image, IIOParam param) {
        if (param == null) return image;
        Rectangle r = new Rectangle(0, 0, image.width(), image.height());
        if (param.getSourceRegion() != null) r = r.intersection(param.getSourceRegion());
        int sx = param.getSourceXSubsampling(), sy = param.getSourceYSubsampling();
        int x0 = r.x + param.getSubsamplingXOffset(), y0 = r.y + param.getSubsamplingYOffset();
        int w = r.isEmpty() ? 0 : (r.x + r.width - x0 + sx - 1) / sx, h = r.isEmpty() ? 0 : (r.y + r.height - y0 + sy - 1) / sy;
        if (w <= 0 || h <= 0) throw new IllegalArgumentException("the source region " + param.getSourceRegion() + " and subsampling leave no pixel of the "
                + image.width() + "x" + image.height() + " image");
        if (x0 == 0 && y0 == 0 && sx == 1 && sy == 1 && w == image.width() && h == image.height()) return image;
        float[][] planes = new float[image.channels()][w * h];
        for (int c = 0; c < planes.length; c++) {
            float[] src = image.plane(c), dst = planes[c];
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) dst[y * w + x] = src[(y0 + y * sy) * image.width() + x0 + x * sx];
        }
        return new Image(w, h, image.model(), planes);
    }
}
