package org.spikecodec.engine.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferInt;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.spikecodec.engine.InvalidInputException;

class BufferedImagesTest {

    @Test
    void eightBitGreyAndRgbRoundTripExactly() throws Exception {
        for (ColorModel m : new ColorModel[] {ColorModel.GREY, ColorModel.RGB}) {
            Image img = TestImages.random(new Random(3), 17, 11, m);
            BufferedImage bi = BufferedImages.toBufferedImage(img);
            assertEquals(m == ColorModel.GREY ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR, bi.getType());
            assertEquals(img.quantized8(), BufferedImages.toImage(bi));
        }
    }

    @Test
    void premultipliedAlphaIsUndoneOnACopy() throws Exception {
        BufferedImage bi = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB_PRE);
        bi.setRGB(0, 0, 0x80FF0000); // half-transparent red: stored premultiplied as (128, 0, 0)
        bi.setRGB(1, 0, 0xFF00FF00);
        int[] stored = ((DataBufferInt) bi.getRaster().getDataBuffer()).getData().clone();
        Image img = BufferedImages.toImage(bi);
        assertEquals(ColorModel.RGB, img.model());
        assertEquals(255, img.plane(0)[0], 1.0); // the colour, not the premultiplied value
        assertEquals(255, img.plane(1)[1]);
        assertArrayEquals(stored, ((DataBufferInt) bi.getRaster().getDataBuffer()).getData(), "the caller's image is untouched");
    }

    @Test
    void floatSamplesAreRefusedWithTheName() {
        var cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), false, false, Transparency.OPAQUE, DataBuffer.TYPE_FLOAT);
        BufferedImage bi = new BufferedImage(cm, cm.createCompatibleWritableRaster(4, 4), false, null);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> BufferedImages.toImage(bi, "scan.tif: TIFF"));
        assertEquals("scan.tif: TIFF with signed or floating-point samples is not supported; convert it to 8- or 16-bit", e.getMessage());
    }
}
