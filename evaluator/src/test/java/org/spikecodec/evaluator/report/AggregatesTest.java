package org.spikecodec.evaluator.report;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.spikecodec.evaluator.sweep.CriticalBitrate;
import org.spikecodec.evaluator.sweep.EvalRecord;

class AggregatesTest {

    @Test
    void wilsonIntervalKnownValues() {
        Aggregates.Proportion p = Aggregates.Proportion.of(8, 10);
        assertEquals(0.8, p.value(), 1e-12);
        assertEquals(0.4902, p.lo(), 1e-4);
        assertEquals(0.9433, p.hi(), 1e-4);
        Aggregates.Proportion zero = Aggregates.Proportion.of(0, 20);
        assertEquals(0, zero.lo(), 1e-12);
        assertEquals(0.1611, zero.hi(), 1e-4);
        Aggregates.Proportion all = Aggregates.Proportion.of(20, 20);
        assertEquals(1, all.hi(), 1e-12);
        assertEquals(0.8389, all.lo(), 1e-4);
    }

    /** Clean 90%; codec at 90% at 1 bpp and 80% at 0.5 bpp: the 5-point line (85%) is crossed at 0.5 * 2^0.5 in log rate. */
    @Test
    void breakingPointInterpolatedInLogRate() {
        List<EvalRecord> rs = new ArrayList<>();
        addImages(rs, "original", Double.NaN, Double.NaN, 9, 10);
        addImages(rs, "c", 0.5, 0.5, 8, 10);
        addImages(rs, "c", 1, 1, 9, 10);
        addImages(rs, "c", 2, 2, 9, 10);
        Aggregates a = new Aggregates(rs, List.of());
        assertEquals(0.9, a.clean().value(), 1e-12);
        Aggregates.BreakingPoint five = find(a, 5);
        assertEquals(0.5 * Math.sqrt(2), five.bpp(), 1e-9);
        assertNull(five.censored());
        Aggregates.BreakingPoint fifty = find(a, 50);
        assertEquals("below", fifty.censored());
        assertEquals(0.5, fifty.bpp(), 1e-12);
        Aggregates.BreakingPoint one = find(a, 1);
        assertEquals(0.5 * Math.pow(2, 0.9), one.bpp(), 1e-9); // 89% is 9/10 of the way from 80% to 90%
    }

    /** A dip at a high rate counts: the breaking point is above the highest failing rate. */
    @Test
    void nonMonotoneCurvesBreakAboveTheHighestFailure() {
        List<EvalRecord> rs = new ArrayList<>();
        addImages(rs, "original", Double.NaN, Double.NaN, 10, 10);
        addImages(rs, "c", 0.25, 0.25, 10, 10);
        addImages(rs, "c", 0.5, 0.5, 5, 10);
        addImages(rs, "c", 1, 1, 10, 10);
        Aggregates.BreakingPoint b = find(new Aggregates(rs, List.of()), 5);
        assertTrue(b.bpp() > 0.5 && b.bpp() < 1, "between the dip and the next point: " + b.bpp());
        List<EvalRecord> never = new ArrayList<>();
        addImages(never, "original", Double.NaN, Double.NaN, 10, 10);
        addImages(never, "c", 1, 1, 2, 10);
        assertEquals("above", find(new Aggregates(never, List.of()), 5).censored());
    }

    @Test
    void fidelityWithoutLabels() {
        List<EvalRecord> rs = List.of(
                new EvalRecord("a", -1, "original", Double.NaN, Double.NaN, Double.NaN, Double.POSITIVE_INFINITY, 1, "", 3, 3, true),
                new EvalRecord("a", -1, "c", 1, 1, 2, 30, 0.9, "", 3, 3, true),
                new EvalRecord("b", -1, "original", Double.NaN, Double.NaN, Double.NaN, Double.POSITIVE_INFINITY, 1, "", 4, 4, true),
                new EvalRecord("b", -1, "c", 1, 1, 2, 30, 0.9, "", 5, 4, false));
        Aggregates a = new Aggregates(rs, List.of());
        assertTrue(a.definition().startsWith("fidelity"));
        assertEquals(1.0, a.clean().value());
        assertEquals(0.5, a.curves().get("c").get(0).accuracy().value());
    }

    @Test
    void criticalBitrateDistribution() {
        List<CriticalBitrate> cs = new ArrayList<>();
        for (int i = 1; i <= 9; i++) cs.add(new CriticalBitrate("i" + i, "c", 0.1 * i, null));
        cs.add(new CriticalBitrate("x", "c", 0.05, "below"));
        Aggregates.CriticalStats s = new Aggregates(List.of(), cs).critical().get(0);
        assertEquals(10, s.count());
        assertEquals(1, s.censoredBelow());
        assertEquals(0.45, s.median(), 1e-9);
        assertEquals(10, java.util.Arrays.stream(s.histogram()).sum());
    }

    static Aggregates.BreakingPoint find(Aggregates a, double tol) {
        return a.breakingPoints().stream().filter(b -> b.tolerance() == tol).findFirst().orElseThrow();
    }

    static void addImages(List<EvalRecord> rs, String codec, double target, double bpp, int correct, int n) {
        for (int i = 0; i < n; i++) {
            int label = i % 3;
            int top1 = i < correct ? label : label + 1;
            rs.add(new EvalRecord("img" + i, label, codec, target, bpp, bpp, 30, 0.9, "", top1, label, true));
        }
    }
}
