package org.spikecodec.engine.entropy;

import java.util.ArrayList;
import java.util.List;

/**
 * How a tiled stream ({@link TiledCountCoder}) cuts a channel's bands into independently coded blocks, derived from the
 * band layout and the block size alone, identically on both sides (the file stores neither the cuts nor the waves).
 *
 * <p>A band's <em>stage</em> is the length of its chain of wavelet parents (0 without a parent), so its parent lies in
 * an earlier stage. Stages are taken in order: consecutive stages that hold at most 2^blockLog2 coefficients together
 * become one block (bands in layout order, parents before children, as in version 1); a larger stage is cut alone, at
 * row boundaries of its bands in layout order, into {@code coefficients / 2^blockLog2} blocks of about equal size. Each
 * such group of blocks is a <em>wave</em>: its blocks decode in parallel once the earlier waves are done. A small image
 * is thus one block, at no cost in rate; a 4 MP colour image has 16 blocks in the finest stage of each channel.
 */
final class BlockPlan {
    /** Rows {@code [y0, y1)} of one band. */
    record Segment(int band, int y0, int y1) {}

    /** One independently coded block: the wave it decodes in and its segments in coding order. */
    record Block(int wave, long coefficients, List<Segment> segments) {}

    final List<Block> blocks;

    private BlockPlan(List<Block> blocks) {
        this.blocks = List.copyOf(blocks);
    }

    static BlockPlan of(LayoutPlan plan, int blockLog2) {
        int bands = plan.size.length;
        int[] stage = new int[bands];
        int stages = 0;
        for (int b = 0; b < bands; b++) {
            int p = plan.parent[b];
            stage[b] = p < 0 ? 0 : stage[p] + 1; // a parent always precedes its child in the layout
            stages = Math.max(stages, stage[b] + 1);
        }
        long[] total = new long[stages];
        for (int b = 0; b < bands; b++) total[stage[b]] += plan.size[b];
        long blockSize = 1L << blockLog2;
        List<Block> blocks = new ArrayList<>();
        int wave = 0;
        for (int s = 0; s < stages; ) {
            if (total[s] > blockSize) {
                cutStage(plan, stage, s, total[s], total[s] >> blockLog2, wave++, blocks);
                s++;
                continue;
            }
            int end = s;
            long merged = 0;
            while (end < stages && merged + total[end] <= blockSize) merged += total[end++];
            List<Segment> segments = new ArrayList<>();
            for (int b = 0; b < bands; b++)
                if (stage[b] >= s && stage[b] < end && plan.size[b] > 0) segments.add(new Segment(b, 0, plan.height[b]));
            if (!segments.isEmpty()) blocks.add(new Block(wave++, merged, segments));
            s = end;
        }
        return new BlockPlan(blocks);
    }

    /** Stage {@code s}'s rows in {@code cuts} blocks of about equal coefficient counts. */
    private static void cutStage(LayoutPlan plan, int[] stage, int s, long total, long cuts, int wave, List<Block> blocks) {
        List<Segment> segments = new ArrayList<>();
        long done = 0, blockStart = 0, next = 1; // the block being filled closes once done * cuts >= next * total
        for (int b = 0; b < stage.length; b++) {
            if (stage[b] != s || plan.size[b] == 0) continue;
            int y0 = 0;
            for (int y = 0; y < plan.height[b]; y++) {
                done += plan.width[b];
                if (done * cuts >= next * total) {
                    segments.add(new Segment(b, y0, y + 1));
                    blocks.add(new Block(wave, done - blockStart, segments));
                    segments = new ArrayList<>();
                    blockStart = done;
                    y0 = y + 1;
                    next = Math.min(cuts, done * cuts / total + 1);
                }
            }
            if (y0 < plan.height[b]) segments.add(new Segment(b, y0, plan.height[b]));
        }
        // The stage's last row closes its last block (done == total there), so no segment is left over.
    }
}
