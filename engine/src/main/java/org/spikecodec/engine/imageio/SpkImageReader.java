package org.spikecodec.engine.imageio;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import javax.imageio.IIOException;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import org.spikecodec.engine.InvalidInputException;
import org.spikecodec.engine.SpikeCodec;
import org.spikecodec.engine.container.SpkHeader;
import org.spikecodec.engine.image.BufferedImages;
import org.spikecodec.engine.image.ColorModel;
import org.spikecodec.engine.image.Image;

/**
 * Reads a {@code .spk} file (one image) as 8-bit grey ({@code TYPE_BYTE_GRAY}) or RGB ({@code TYPE_3BYTE_BGR}).
 * The whole stream is read on first use, since the file's sections are checked by their CRCs as a whole. A read
 * param's source region and subsampling are honoured; destinations are not. Anything that is not a valid version 1
 * file is an {@link IIOException} whose message says what is wrong. No metadata.
 */
public final class SpkImageReader extends ImageReader {
    private byte[] file;      // the input's bytes, once read
    private SpkHeader header; // parsed from them
    private IIOException unreadable; // why they could not be: the stream is consumed, so the answer is kept

    SpkImageReader(SpkImageReaderSpi spi) { super(spi); }

    @Override
    public void setInput(Object input, boolean seekForwardOnly, boolean ignoreMetadata) {
        super.setInput(input, seekForwardOnly, ignoreMetadata);
        file = null;
        header = null;
        unreadable = null;
    }

    @Override public int getNumImages(boolean allowSearch) throws IOException { header(); return 1; }
    @Override public int getWidth(int imageIndex) throws IOException { return header(imageIndex).width(); }
    @Override public int getHeight(int imageIndex) throws IOException { return header(imageIndex).height(); }

    @Override
    public Iterator<ImageTypeSpecifier> getImageTypes(int imageIndex) throws IOException {
        boolean grey = header(imageIndex).colorModel() == ColorModel.GREY;
        return List.of(ImageTypeSpecifier.createFromBufferedImageType(grey ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR)).iterator();
    }

    @Override public IIOMetadata getStreamMetadata() { return null; }
    @Override public IIOMetadata getImageMetadata(int imageIndex) throws IOException { header(imageIndex); return null; }

    @Override
    public BufferedImage read(int imageIndex, ImageReadParam param) throws IOException {
        header(imageIndex);
        processImageStarted(imageIndex);
        Image decoded;
        try (SpikeCodec codec = SpikeCodec.open("cpu")) {
            decoded = codec.decode(file).image();
        } catch (InvalidInputException e) {
            throw corrupt(e);
        } catch (RuntimeException e) { // a defect, not a property of the file; still the caller's IOException, not a crash
            throw new IIOException("cannot decode this .spk data: " + e, e);
        }
        BufferedImage image = BufferedImages.toBufferedImage(SourceRegion.of(decoded, param));
        processImageComplete();
        return image;
    }

    private SpkHeader header(int imageIndex) throws IOException {
        if (imageIndex != 0) throw new IndexOutOfBoundsException("a .spk file holds one image (index 0), asked for " + imageIndex);
        return header();
    }

    private SpkHeader header() throws IOException {
        if (header != null) return header;
        if (unreadable != null) throw unreadable;
        if (!(getInput() instanceof ImageInputStream in)) throw new IllegalStateException("no input set (an ImageInputStream)");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        for (int n; (n = in.read(buf)) > 0; ) bytes.write(buf, 0, n);
        byte[] all = bytes.toByteArray();
        try (SpikeCodec codec = SpikeCodec.open("cpu")) {
            header = codec.inspect(all).header(); // the decoder's own validation: a header it refuses has no width either
        } catch (InvalidInputException e) {
            throw unreadable = corrupt(e);
        }
        file = all;
        return header;
    }

    private static IIOException corrupt(InvalidInputException e) {
        return new IIOException("unreadable .spk data: " + e.getMessage(), e);
    }
}
