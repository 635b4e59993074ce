package org.spikecodec.engine.fuzz;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

/**
 * Mutants of real {@code .spk} files that get past the CRC-32s: the file is split into its sections, a section (or the
 * framing) is changed, and the sections are framed again with their CRCs recomputed, so that mutants reach the header
 * and payload checks rather than stopping at "CRC mismatch". Knows the header's field layout (SpkHeader), so it can set
 * each field to the extremes of its type.
 */
final class SpkMutator {
    /** A mutant and how it was made (the seed that made it is kept by the caller). */
    record Mutant(String how, byte[] bytes) {}

    /** A file cut into magic and version, and its sections' contents (header first, then one per channel). */
    record Frames(byte[] prefix, List<byte[]> sections) {
        static Frames of(byte[] file) {
            ByteBuffer buf = ByteBuffer.wrap(file);
            byte[] prefix = new byte[5];
            buf.get(prefix);
            List<byte[]> sections = new ArrayList<>();
            while (buf.remaining() >= 8) {
                byte[] s = new byte[buf.getInt()];
                buf.get(s);
                buf.getInt(); // CRC: recomputed by join
                sections.add(s);
            }
            if (buf.hasRemaining()) throw new IllegalArgumentException("not a well-framed .spk file");
            return new Frames(prefix, List.copyOf(sections));
        }

        byte[] join() {
            ByteBuffer out = ByteBuffer.allocate(prefix.length + sections.stream().mapToInt(s -> s.length + 8).sum());
            out.put(prefix);
            for (byte[] s : sections) {
                CRC32 crc = new CRC32();
                crc.update(s);
                out.putInt(s.length).put(s).putInt((int) crc.getValue());
            }
            return out.array();
        }

        Frames with(int section, byte[] content) {
            List<byte[]> s = new ArrayList<>(sections);
            s.set(section, content);
            return new Frames(prefix, s);
        }
    }

    /** One header field: its name, where it starts in the header section, its size in bytes, and whether it is a float or double. */
    record Field(String name, int offset, int size, boolean floating) {}

    /** The header's fields, walked as SpkHeader writes them. */
    static List<Field> fields(byte[] header) {
        List<Field> f = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(header);
        f.add(new Field("width", 0, 4, false));
        f.add(new Field("height", 4, 4, false));
        f.add(new Field("colorModel", 8, 1, false));
        f.add(new Field("transform", 9, 1, false));
        int kind = header[9], at = 10, channels = header[8] == 1 ? 1 : 3; // ColorModel and TransformKind ids
        if (kind == 1) {
            f.add(new Field("dwtLevels", at++, 1, false));
        } else if (kind == 2) {
            int layers = b.get(at) & 0xff;
            f.add(new Field("rifLayerCount", at++, 1, false));
            for (int i = 0; i < layers; i++, at += 8) f.add(new Field("rifLayerTime" + i, at, 8, true));
            f.add(new Field("cgTolerance", at, 8, true));
            f.add(new Field("cgMaxIterations", at + 8, 2, false));
            at += 10;
        }
        for (String lif : List.of("threshold", "tau", "resistance", "window", "refractory")) {
            f.add(new Field(lif, at, 8, true));
            at += 8;
        }
        f.add(new Field("reconstruction", at++, 1, false));
        for (int c = 0; c < channels; c++, at += 8) {
            f.add(new Field("channelMean" + c, at, 4, true));
            f.add(new Field("channelGain" + c, at + 4, 4, true));
        }
        if (at != header.length) throw new IllegalArgumentException("header walk ended at " + at + " of " + header.length + " bytes");
        return List.copyOf(f);
    }

    private static final double[] DOUBLES = {0, -0.0, -1, 1, Double.MIN_VALUE, Double.MIN_NORMAL, 1e-300, 1e-30, 1e-7, 0.1, 1e7,
            1e30, 1e300, Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN};
    private static final float[] FLOATS = {0, -0.0f, -1, 1, Float.MIN_VALUE, Float.MIN_NORMAL, 1e-30f, 1e-3f, 1e3f, 1e30f,
            Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};
    private static final long[] INTEGERS = {0, 1, 2, -1, 3, 12, 13, 64, 65, 127, 128, 255, 500, 501, 8192, 65535, 65536, 65537,
            Integer.MAX_VALUE, Integer.MIN_VALUE};

    /** Every extreme value of a field's type, written into the header. */
    static List<Mutant> extremes(byte[] file) {
        Frames frames = Frames.of(file);
        byte[] header = frames.sections().get(0);
        List<Mutant> out = new ArrayList<>();
        for (Field f : fields(header)) {
            int n = f.floating() ? (f.size() == 8 ? DOUBLES.length : FLOATS.length) : INTEGERS.length;
            for (int i = 0; i < n; i++) {
                byte[] h = header.clone();
                ByteBuffer b = ByteBuffer.wrap(h);
                String value;
                if (f.floating() && f.size() == 8) { b.putDouble(f.offset(), DOUBLES[i]); value = Double.toString(DOUBLES[i]); }
                else if (f.floating()) { b.putFloat(f.offset(), FLOATS[i]); value = Float.toString(FLOATS[i]); }
                else { putInteger(b, f, INTEGERS[i]); value = Long.toString(INTEGERS[i]); }
                out.add(new Mutant(f.name() + "=" + value, frames.with(0, h).join()));
            }
        }
        return out;
    }

    /**
     * The file cut at every length, and every section cut at every {@code sectionStride}-th length with its framing
     * fixed (so that the cut reaches the header parser or the entropy decoder).
     */
    static List<Mutant> truncations(byte[] file, int sectionStride) {
        List<Mutant> out = new ArrayList<>();
        for (int len = 0; len < file.length; len++) out.add(new Mutant("file cut at " + len, Arrays.copyOf(file, len)));
        Frames frames = Frames.of(file);
        for (int s = 0; s < frames.sections().size(); s++)
            for (int len = 0; len < frames.sections().get(s).length; len += sectionStride)
                out.add(new Mutant("section " + s + " cut at " + len, frames.with(s, Arrays.copyOf(frames.sections().get(s), len)).join()));
        return out;
    }

    /** One random mutant of one of {@code files}, a function of {@code rnd} alone. */
    static Mutant random(List<byte[]> files, SplittableRandom rnd) {
        int which = rnd.nextInt(files.size());
        byte[] file = files.get(which);
        Frames frames = Frames.of(file);
        int section = rnd.nextInt(frames.sections().size());
        byte[] content = frames.sections().get(section).clone();
        String where = "file " + which + " section " + section;
        switch (rnd.nextInt(7)) {
            case 0 -> { // bit flips: CRCs recomputed, so the section's own checks must catch them
                int flips = 1 + rnd.nextInt(8);
                for (int k = 0; k < flips && content.length > 0; k++) content[rnd.nextInt(content.length)] ^= (byte) (1 << rnd.nextInt(8));
                return new Mutant(where + ": " + flips + " bit flips", frames.with(section, content).join());
            }
            case 1 -> { // random bytes over a run
                if (content.length == 0) break;
                int at = rnd.nextInt(content.length), n = 1 + rnd.nextInt(Math.min(16, content.length - at));
                for (int k = 0; k < n; k++) content[at + k] = (byte) rnd.nextInt(256);
                return new Mutant(where + ": " + n + " random bytes at " + at, frames.with(section, content).join());
            }
            case 2 -> { // one header field at an extreme
                List<Mutant> e = extremes(file);
                Mutant m = e.get(rnd.nextInt(e.size()));
                return new Mutant("file " + which + ": " + m.how(), m.bytes());
            }
            case 3 -> { // section cut short or grown with garbage
                int len = rnd.nextInt(content.length + 64);
                byte[] c = Arrays.copyOf(content, len);
                for (int k = content.length; k < len; k++) c[k] = (byte) rnd.nextInt(256);
                return new Mutant(where + ": resized to " + len, frames.with(section, c).join());
            }
            case 4 -> { // a section from another file (or another section): shapes that do not belong together
                byte[] other = files.get(rnd.nextInt(files.size()));
                Frames of = Frames.of(other);
                byte[] donor = of.sections().get(rnd.nextInt(of.sections().size()));
                return new Mutant(where + ": spliced from another file", frames.with(section, donor.clone()).join());
            }
            case 5 -> { // raw corruption of the framing (no CRC fixed): length fields, magic, version
                byte[] raw = file.clone();
                int at = rnd.nextInt(Math.min(raw.length, 16));
                raw[at] = (byte) rnd.nextInt(256);
                return new Mutant("file " + which + ": framing byte " + at + " set to " + (raw[at] & 0xff), raw);
            }
            default -> { // several fields at once: extremes and flips together
                byte[] h = frames.sections().get(0).clone();
                List<Field> fields = fields(h);
                StringBuilder how = new StringBuilder("file " + which + ": header bytes");
                for (int k = 0, n = 1 + rnd.nextInt(3); k < n; k++) {
                    Field f = fields.get(rnd.nextInt(fields.size()));
                    int at = f.offset() + rnd.nextInt(f.size());
                    h[at] = (byte) rnd.nextInt(256);
                    how.append(' ').append(f.name()).append('@').append(at);
                }
                return new Mutant(how.toString(), frames.with(0, h).join());
            }
        }
        return new Mutant(where + ": unchanged", file);
    }

    private static void putInteger(ByteBuffer b, Field f, long v) {
        switch (f.size()) {
            case 1 -> b.put(f.offset(), (byte) v);
            case 2 -> b.putShort(f.offset(), (short) v);
            default -> b.putInt(f.offset(), (int) v);
        }
    }

    private SpkMutator() {}
}
