package org.spikecodec.evaluator.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.spikecodec.evaluator.sweep.CriticalBitrate;
import org.spikecodec.evaluator.sweep.EvalRecord;

class AggregatesTest {
    /** n rows of one codec at one rate, the first k correct (label 0, top-1 0 when correct, else 1). */
    static List<EvalRecord> rows(String codec, double target, double bpp, int k, int n) {
        List<EvalRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++)
            out.add(new EvalRecord("img" + i, 0, codec, target, bpp, bpp * 1.1, 30, 0.9, "q", i < k ? 0 : 1, 0, i < k));
        return out;
    }

    static List<EvalRecord> clean(int k, int n) { return rows(EvalRecord.ORIGINAL, Double.NaN, Double.NaN, k, n); }

    static Aggregates.BreakingPoint bp(Aggregates a, String codec, double tol) {
        return a.breakingPoints().stream().filter(b -> b.codec().equals(codec) && b.tolerance() == tol).findFirst().orElseThrow();
    }

    @Test void codecsComeInAFixedOrderWhateverTheRecordOrder() {
        List<EvalRecord> rs = new java.util.ArrayList<>(clean(4, 4));
        for (String c : List.of("mystery", "jpeg", "avif", "spike-dwt")) rs.addAll(rows(c, 1, 1, 4, 4));
        assertEquals(List.of("spike-dwt", "jpeg", "avif", "mystery"), List.copyOf(new Aggregates(rs, List.of()).curves().keySet()));
        assertEquals("accuracy", new Aggregates(rs, List.of()).scoreLabel(), "these rows carry labels");
    }

    @Test void wilsonKnownValues() {
        Aggregates.Proportion p = Aggregates.Proportion.of(8, 10);
        assertEquals(0.8, p.value(), 0);
        assertEquals(0.4902, p.lo(), 1e-4);
        assertEquals(0.9433, p.hi(), 1e-4);
        // 45/50: 0.9 in [0.7864, 0.9565] (Wilson, z = 1.96)
        Aggregates.Proportion q = Aggregates.Proportion.of(45, 50);
        assertEquals(0.7864, q.lo(), 1e-4);
        assertEquals(0.9565, q.hi(), 1e-4);
    }

    @Test void wilsonEdges() {
        Aggregates.Proportion none = Aggregates.Proportion.of(0, 10);
        assertEquals(0, none.value(), 0);
        assertEquals(0, none.lo(), 1e-12);
        assertEquals(0.2775, none.hi(), 1e-4); // z^2/(n+z^2)
        Aggregates.Proportion all = Aggregates.Proportion.of(10, 10);
        assertEquals(1, all.value(), 0);
        assertEquals(0.7225, all.lo(), 1e-4);
        assertEquals(1, all.hi(), 1e-12);
        Aggregates.Proportion empty = Aggregates.Proportion.of(0, 0);
        assertTrue(Double.isNaN(empty.value()) && Double.isNaN(empty.lo()) && Double.isNaN(empty.hi()));
    }

    @Test void pointsUseMeasuredRateAndFiniteMeans() {
        List<EvalRecord> rs = new ArrayList<>(clean(9, 10));
        rs.add(new EvalRecord("a", 0, "jpeg", 0.5, 0.4, 0.5, 30, 0.8, "q", 0, 0, true));
        rs.add(new EvalRecord("b", 0, "jpeg", 0.5, 0.6, 0.7, Double.POSITIVE_INFINITY, 1.0, "q", 1, 0, false));
        Aggregates a = new Aggregates(rs, List.of());
        Aggregates.Point p = a.curves().get("jpeg").get(0);
        assertEquals(0.5, p.targetBpp(), 0);
        assertEquals(0.5, p.bpp(), 1e-12); // mean of the measured 0.4 and 0.6
        assertEquals(30, p.psnr(), 0);
        assertEquals(1, p.infinitePsnr());
        assertEquals(0.9, p.ssim(), 1e-12);
        assertEquals(0.5, p.accuracy().value(), 0);
        assertEquals(1, p.top5().k());
        assertEquals(0.9, a.clean().value(), 1e-12);
        assertEquals(10, a.clean().n());
        assertEquals("labels", a.definition());
    }

    @Test void curvesSortedByMeasuredRate() {
        List<EvalRecord> rs = new ArrayList<>(clean(10, 10));
        rs.addAll(rows("c", 1.0, 0.3, 10, 10)); // a codec whose measured rates come out in another order than its targets
        rs.addAll(rows("c", 0.5, 0.9, 10, 10));
        List<Aggregates.Point> pts = new Aggregates(rs, List.of()).curves().get("c");
        assertEquals(0.3, pts.get(0).bpp(), 1e-12);
        assertEquals(1.0, pts.get(0).targetBpp(), 0);
        assertEquals(0.9, pts.get(1).bpp(), 1e-12);
    }

    @Test void definitionFidelityAndMixed() {
        List<EvalRecord> fid = List.of(new EvalRecord("a", -1, EvalRecord.ORIGINAL, Double.NaN, Double.NaN, Double.NaN, Double.POSITIVE_INFINITY, 1, "", 3, 3, true),
                new EvalRecord("a", -1, "jpeg", 1, 1, 1, 30, 0.9, "q", 4, 3, true));
        Aggregates a = new Aggregates(fid, List.of());
        assertEquals("fidelity", a.definition());
        assertEquals(1.0, a.clean().value(), 0);
        assertEquals(0.0, a.curves().get("jpeg").get(0).accuracy().value(), 0);
        List<EvalRecord> mixed = new ArrayList<>(fid);
        mixed.addAll(clean(1, 1));
        assertEquals("mixed", new Aggregates(mixed, List.of()).definition());
    }

    /** Clean 0.9; accuracy 0.9 at 1 bpp and 0.8 at 0.5 bpp. */
    static Aggregates twoPoint() {
        List<EvalRecord> rs = new ArrayList<>(clean(90, 100));
        rs.addAll(rows("s", 1.0, 1.0, 90, 100));
        rs.addAll(rows("s", 0.5, 0.5, 80, 100));
        return new Aggregates(rs, List.of());
    }

    @Test void breakingPointInterpolatedInLogRate() {
        Aggregates a = twoPoint();
        // 5 points: floor 0.85, halfway from 0.8 to 0.9, so halfway in log bpp between 0.5 and 1: 0.5 * 2^0.5.
        Aggregates.BreakingPoint b = bp(a, "s", 5);
        assertEquals(0.5 * Math.sqrt(2), b.bpp(), 1e-9);
        assertNull(b.censored());
        assertTrue(b.lo() <= b.bpp() && b.bpp() <= b.hi(), b.toString());
        assertTrue(b.lo() >= 0.5 - 1e-12 && b.hi() <= 1 + 1e-12, b.toString());
        // 1 point: floor 0.89 = 0.8 + 0.9 * 0.1 -> 0.5 * 2^0.9.
        assertEquals(0.5 * Math.pow(2, 0.9), bp(a, "s", 1).bpp(), 1e-9);
        // 50 points: floor 0.4, every point within: censored below, at the lowest rate.
        Aggregates.BreakingPoint c = bp(a, "s", 50);
        assertEquals("below", c.censored());
        assertEquals(0.5, c.bpp(), 0);
    }

    @Test void breakingPointCiFromWilsonBounds() {
        Aggregates a = twoPoint();
        Aggregates.BreakingPoint b = bp(a, "s", 5);
        // By hand: the upper bounds (0.9448 at 1 bpp, 0.8666 at 0.5) both clear 0.85 -> lo censored at 0.5;
        // the lower bounds (0.8256, 0.7112) both fail -> hi at the highest rate, 1.
        assertEquals(0.5, b.lo(), 1e-12);
        assertEquals(1.0, b.hi(), 1e-12);
        // With more images the interval is interior: 900/1000 and 800/1000.
        List<EvalRecord> rs = new ArrayList<>(clean(900, 1000));
        rs.addAll(rows("s", 1.0, 1.0, 900, 1000));
        rs.addAll(rows("s", 0.5, 0.5, 800, 1000));
        Aggregates.BreakingPoint t = bp(new Aggregates(rs, List.of()), "s", 5);
        Aggregates.Proportion hi = Aggregates.Proportion.of(800, 1000), top = Aggregates.Proportion.of(900, 1000);
        double fLo = (0.85 - hi.hi()) / (top.hi() - hi.hi()), fHi = (0.85 - hi.lo()) / (top.lo() - hi.lo());
        assertEquals(0.5 * Math.pow(2, fLo), t.lo(), 1e-9);
        assertEquals(0.5 * Math.pow(2, fHi), t.hi(), 1e-9);
        assertTrue(t.lo() < t.bpp() && t.bpp() < t.hi());
    }

    @Test void breakingPointCensoredAbove() {
        List<EvalRecord> rs = new ArrayList<>(clean(90, 100));
        rs.addAll(rows("s", 1.0, 1.0, 50, 100));
        rs.addAll(rows("s", 2.0, 2.0, 60, 100));
        Aggregates a = new Aggregates(rs, List.of());
        Aggregates.BreakingPoint b = bp(a, "s", 5);
        assertEquals("above", b.censored());
        assertEquals(2.0, b.bpp(), 0);
        // 50 points: floor 0.4, both within -> below.
        assertEquals("below", bp(a, "s", 50).censored());
    }

    @Test void exactlyOnTheFloorIsWithin() {
        List<EvalRecord> rs = new ArrayList<>(clean(18, 20));
        rs.addAll(rows("s", 1.0, 1.0, 17, 20)); // 0.85 = 0.9 - 5 points exactly
        assertEquals("below", bp(new Aggregates(rs, List.of()), "s", 5).censored());
    }

    @Test void nonMonotoneCurveJudgedFromTheTop() {
        // clean 0.9; by rate: 0.25 -> 0.9 (recovers), 0.5 -> 0.7 (dip), 1 -> 0.9, 2 -> 0.9.
        // The rule walks down from the top: the dip at 0.5 is the highest failing point, so the breaking point
        // lies between 0.5 and 1 (floor 0.85: f = 0.75 -> 0.5 * 2^0.75), not at or below 0.25.
        List<EvalRecord> rs = new ArrayList<>(clean(90, 100));
        rs.addAll(rows("s", 0.25, 0.25, 90, 100));
        rs.addAll(rows("s", 0.5, 0.5, 70, 100));
        rs.addAll(rows("s", 1, 1, 90, 100));
        rs.addAll(rows("s", 2, 2, 90, 100));
        Aggregates.BreakingPoint b = bp(new Aggregates(rs, List.of()), "s", 5);
        assertEquals(0.5 * Math.pow(2, 0.75), b.bpp(), 1e-9);
        assertNull(b.censored());
        // A dip at the very top with recovery below still fails from the top: censored above, not below.
        List<EvalRecord> top = new ArrayList<>(clean(90, 100));
        top.addAll(rows("s", 0.5, 0.5, 90, 100));
        top.addAll(rows("s", 1, 1, 70, 100));
        assertEquals("above", bp(new Aggregates(top, List.of()), "s", 5).censored());
    }

    @Test void noCleanRowsGiveNaN() {
        Aggregates a = new Aggregates(rows("s", 1, 1, 5, 10), List.of());
        assertTrue(Double.isNaN(a.clean().value()));
        Aggregates.BreakingPoint b = bp(a, "s", 5);
        assertTrue(Double.isNaN(b.bpp()));
        assertNull(b.censored());
    }

    @Test void crossDirect() {
        double[] bpp = {0.125, 0.25, 0.5, 1};
        assertEquals(0.25 * Math.pow(2, 0.5), Aggregates.cross(bpp, new double[] {0.1, 0.5, 0.9, 0.9}, 0.7), 1e-12);
        assertEquals(0.125, Aggregates.cross(bpp, new double[] {0.9, 0.9, 0.9, 0.9}, 0.7), 0);
        assertEquals(1, Aggregates.cross(bpp, new double[] {0.9, 0.9, 0.9, 0.1}, 0.7), 0);
        assertTrue(Double.isNaN(Aggregates.cross(new double[0], new double[0], 0.5)));
        // a zero rate at the failing point: linear interpolation instead of log
        assertEquals(0.5, Aggregates.cross(new double[] {0, 1}, new double[] {0, 1}, 0.5), 1e-12);
    }

    @Test void histogramBinsAndQuartiles() {
        List<CriticalBitrate> cs = List.of(
                new CriticalBitrate("a", "s", 0.1, null),      // bin [0.1, 0.158)
                new CriticalBitrate("b", "s", 0.15, null),     // same bin
                new CriticalBitrate("c", "s", 0.5, null),      // bin [0.398, 0.631)
                new CriticalBitrate("d", "s", 1.0, null),      // bin [1, 1.58)
                new CriticalBitrate("e", "s", 0.05, "below"),  // bin [0.0398, 0.0631)
                new CriticalBitrate("f", "s", Double.NaN, null),
                new CriticalBitrate("g", "j", 2.0, "above"));  // other codec, same edges
        Aggregates a = new Aggregates(clean(1, 1), cs);
        Aggregates.CriticalStats s = a.critical().get(0), j = a.critical().get(1);
        assertEquals("s", s.codec());
        assertEquals(5, s.count());
        assertEquals(1, s.notFound());
        assertEquals(1, s.censoredBelow());
        assertEquals(0, s.censoredAbove());
        assertEquals(0.05, s.min(), 0);
        assertEquals(1.0, s.max(), 0);
        assertEquals(0.15, s.median(), 1e-12);
        assertEquals(0.1, s.q1(), 1e-12);
        assertEquals(0.5, s.q3(), 1e-12);
        // edges 10^(k/5) from k = -7 (0.0398) to k = 2 (1.585 > 2? no: 2.0 lies in [1.585, 2.512), so k = 1..2 -> up to 10^(2/5))
        double[] e = s.histogramEdges();
        assertEquals(Math.pow(10, -7 / 5.0), e[0], 1e-12);
        assertEquals(Math.pow(10, 2 / 5.0), e[e.length - 1], 1e-12);
        assertEquals(10, e.length); // k = -7..2
        assertArrayEquals(e, j.histogramEdges());
        int[] h = s.histogram();
        assertArrayEquals(new int[] {1, 0, 2, 0, 0, 1, 0, 1, 0}, h);
        assertEquals(1, j.censoredAbove());
        assertArrayEquals(new int[] {0, 0, 0, 0, 0, 0, 0, 0, 1}, j.histogram());
        // a value exactly on an edge goes to the bin it opens
        assertEquals(0, Aggregates.bin(1.0));
        assertEquals(-5, Aggregates.bin(0.1));
        assertEquals(-1, Aggregates.bin(0.99));
    }

    @Test void quantileInterpolates() {
        assertEquals(2.5, Aggregates.quantile(new double[] {1, 2, 3, 4}, 0.5), 1e-12);
        assertEquals(1.75, Aggregates.quantile(new double[] {1, 2, 3, 4}, 0.25), 1e-12);
        assertEquals(7, Aggregates.quantile(new double[] {7}, 0.75), 0);
    }
}
