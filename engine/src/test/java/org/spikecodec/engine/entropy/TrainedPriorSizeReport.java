package org.spikecodec.engine.entropy;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.spikecodec.engine.transform.BandShape;

/**
 * Test-scope tool, a measurement for a future format version (not used by the codec): how much smaller the real
 * payloads get when every adaptive binary model starts from a probability trained on other photos instead of 1/2 (the
 * format's start, but for the priors of the quiet significance pattern and the run and chunk flags).
 *
 * <p>Training, leave-one-out: each of the other photos is coded with the format's models, and each model's probability
 * at the end of each block where it moved is averaged; the photo is then coded again with every block starting from
 * those averages (the models no other photo moved keep the format's start). The counts are the same in both codings
 * (one encode at the target rate); the change is that of the real range-coded payloads, block tables included, as a
 * share of the whole file. Args: bpp, then three or more photo paths; or bpp, the photos to measure, {@code --train},
 * and photos to train on only (each measured photo then trains on those alone: a held-out table, as a format's would be).
 */
public final class TrainedPriorSizeReport {
    /** The model banks of {@link ContextModels}, by name. */
    private static final List<String> BANKS = List.of("sig", "sign", "exp", "mant", "run", "chunk", "chunkRun");

    private static int[] bank(ContextModels m, int k) {
        return switch (k) {
            case 0 -> m.sig;
            case 1 -> m.sign;
            case 2 -> m.exp;
            case 3 -> m.mant;
            case 4 -> m.run;
            case 5 -> m.chunk;
            default -> m.chunkRun;
        };
    }

    /** Per bank and model: the sum of end-of-block probabilities (of 2^16) of the blocks where the model moved, and how many. */
    private record Sums(long[][] probability, long[][] blocks) {
        static Sums of(ContextModels shape) {
            long[][] p = new long[BANKS.size()][], n = new long[BANKS.size()][];
            for (int k = 0; k < BANKS.size(); k++) {
                p[k] = new long[AdaptiveBitModel.models(bank(shape, k))];
                n[k] = new long[p[k].length];
            }
            return new Sums(p, n);
        }

        synchronized void add(ContextModels start, ContextModels end) {
            for (int k = 0; k < BANKS.size(); k++) {
                int[] a = bank(start, k), b = bank(end, k);
                for (int m = 0; m < probability[k].length; m++) {
                    int i = m * AdaptiveBitModel.STRIDE; // the fast and slow states: unchanged when the block never used the model
                    if (a[i] == b[i] && a[i + 1] == b[i + 1]) continue;
                    probability[k][m] += AdaptiveBitModel.probabilityOfZero(b, m);
                    blocks[k][m]++;
                }
            }
        }
    }

    private record Photo(String name, long fileBytes, List<BandShape> layout, List<List<int[]>> channels, int contextClasses) {}

    public static void main(String[] args) throws Exception {
        double bpp = Double.parseDouble(args[0]);
        List<Photo> photos = new ArrayList<>(), trainOnly = new ArrayList<>();
        List<Photo> into = photos;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--train")) {
                into = trainOnly;
                continue;
            }
            MultiSymbolSizeReport.Encoded e = MultiSymbolSizeReport.encodedAt(new File(args[i]), bpp);
            into.add(new Photo(new File(args[i]).getName(), e.file().length, e.spikes().layout(), e.spikes().counts(), e.plan().contextClasses));
        }
        for (Photo photo : photos) {
            ContextModels format = new ContextModels(photo.contextClasses());
            Sums sums = Sums.of(format);
            for (Photo other : trainOnly.isEmpty() ? photos : trainOnly) {
                if (other == photo || other.contextClasses() != photo.contextClasses()) continue;
                ContextModels start = new ContextModels(other.contextClasses());
                payloads(other, start, end -> sums.add(start, end));
            }
            ContextModels trained = new ContextModels(photo.contextClasses());
            int set = 0;
            for (int k = 0; k < BANKS.size(); k++) {
                int[] b = bank(trained, k);
                for (int m = 0; m < sums.probability()[k].length; m++) {
                    if (sums.blocks()[k][m] == 0) continue;
                    AdaptiveBitModel.prior(b, m, sums.probability()[k][m] / (double) sums.blocks()[k][m] / AdaptiveBitModel.PROB_ONE);
                    set++;
                }
            }
            long before = payloads(photo, format, null), after = payloads(photo, trained, null);
            System.out.printf("%s at %.2f bpp: file %d bytes, payloads %d -> %d bytes with trained starts (%d models trained): %+.2f%% of the file%n",
                    photo.name(), bpp, photo.fileBytes(), before, after, set, 100.0 * (after - before) / photo.fileBytes());
        }
    }

    /** The photo's channel payloads coded from {@code start}, in bytes. */
    private static long payloads(Photo photo, ContextModels start, java.util.function.Consumer<ContextModels> afterBlock) {
        long bytes = 0;
        for (List<int[]> counts : photo.channels())
            bytes += TiledCountCoder.encode(photo.layout(), counts, TiledCountCoder.BLOCK_LOG2, TiledCountCoder.VERSION_CHUNKS, null, start, afterBlock).length;
        return bytes;
    }
}
