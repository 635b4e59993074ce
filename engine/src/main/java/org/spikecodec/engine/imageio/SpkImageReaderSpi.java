package org.spikecodec.engine.imageio;

import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import javax.imageio.ImageReader;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import org.spikecodec.engine.container.SpkContainer;

/** Describes and creates {@link SpkImageReader}s; recognises a {@code .spk} stream by its magic number. */
public final class SpkImageReaderSpi extends ImageReaderSpi {
    static final String[] NAMES = {"spk", "SPK"};
    static final String[] SUFFIXES = {"spk"};
    public static final String MIME_TYPE = "image/x-spk";
    static final String VENDOR = "spikecodec";
    static final String VERSION = String.valueOf(SpkContainer.VERSION);

    public SpkImageReaderSpi() {
        super(VENDOR, VERSION, NAMES, SUFFIXES, new String[] {MIME_TYPE}, SpkImageReader.class.getName(),
                new Class<?>[] {ImageInputStream.class}, new String[] {SpkImageWriterSpi.class.getName()},
                false, null, null, null, null, false, null, null, null, null);
    }

    /** True when the stream starts with the {@code .spk} magic number; the stream is left where it was. */
    @Override
    public boolean canDecodeInput(Object source) throws IOException {
        if (!(source instanceof ImageInputStream in)) return false;
        byte[] head = new byte[SpkContainer.MAGIC.length];
        in.mark();
        try {
            int n = 0, r;
            while (n < head.length && (r = in.read(head, n, head.length - n)) > 0) n += r;
            // The version is left to the reader, whose error says which version the file is and which this build reads.
            return n == head.length && Arrays.equals(head, SpkContainer.MAGIC);
        } finally {
            in.reset();
        }
    }

    @Override
    public ImageReader createReaderInstance(Object extension) { return new SpkImageReader(this); }

    @Override
    public String getDescription(Locale locale) { return "spikecodec .spk image reader (format version " + VERSION + ")"; }
}
