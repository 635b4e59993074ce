package org.spikecodec.engine.codec;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class RateCurveTest {
    /** A smooth, bending size curve: log size = 10 - 1.2 x - 0.15 x^2 on x = log theta. */
    static double logSize(double x) { return 10 - 1.2 * x - 0.15 * x * x; }

    @Test
    void bracketIsTheTightestEnclosureOfTheTarget() {
        RateCurve c = new RateCurve(x -> -x, 0);
        assertEquals(new RateCurve.Bracket(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY), c.bracket(100));
        for (double x : new double[] {-1, 0, 1, 2}) c.add(x, Math.round(Math.exp(logSize(x))));
        double between = Math.exp(logSize(0.5));
        assertEquals(new RateCurve.Bracket(0, 1), c.bracket(between));
        assertTrue(c.bracket(between).closed());
        assertEquals(new RateCurve.Bracket(Double.NEGATIVE_INFINITY, -1), c.bracket(Math.exp(logSize(-3))), "larger than every point");
        assertEquals(new RateCurve.Bracket(2, Double.POSITIVE_INFINITY), c.bracket(Math.exp(logSize(4))), "smaller than every point");
    }

    @Test
    void anExactPriorPredictsFromOnePoint() {
        RateCurve c = new RateCurve(RateCurveTest::logSize, Math.log(0.5)); // right shape, wrong scale before any point
        double target = Math.exp(logSize(1.3));
        assertTrue(Math.abs(c.predict(target, -5, 5) - 1.3) > 0.1, "the default residual is off by a factor of 2");
        c.add(0, Math.round(Math.exp(logSize(0))));
        assertEquals(1.3, c.predict(target, -5, 5), 1e-3, "one point fixes the scale of an exact shape");
    }

    @Test
    void theResidualCorrectsAWrongScaleAndShapeBetweenPoints() {
        RateCurve c = new RateCurve(x -> 10.5 - 1.2 * x, 0); // 65% too large, and straight: misses the bend
        double target = Math.exp(logSize(0.6));
        assertTrue(Math.abs(logSize(c.predict(target, -5, 5)) - logSize(0.6)) > 0.4, "the prior alone");
        for (double x : new double[] {0, 1}) c.add(x, Math.round(Math.exp(logSize(x))));
        double x = c.predict(target, 0, 1);
        assertEquals(0.6, x, 0.05, "interpolated residual");
        assertTrue(Math.abs(logSize(x) - logSize(0.6)) < 0.04, "within 4% in size (the bend between the points)");
    }

    @Test
    void predictionsStayInTheRangeAsked() {
        RateCurve c = new RateCurve(x -> -x, 0);
        c.add(0, 1000);
        assertEquals(1, c.predict(1, 0.5, 1), 1e-12, "a target beyond the range: its end");
        assertEquals(0.5, c.predict(1e6, 0.5, 1), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> c.predict(10, 1, 0));
    }

    @Test
    void extrapolationFollowsThePriorNotANoisyResidual() {
        RateCurve c = new RateCurve(x -> -x, 0);
        c.add(0, 1000);
        c.add(0.01, 900); // a jag: the residual falls by 10% over 0.01
        double x = c.predict(500, -5, 5);
        // Uncapped, the residual's slope of -9.5 would stop the step at x = 0.06, where the size is ~520, not 500.
        assertTrue(x > 0.4 && x < 0.6, "the residual's slope is capped, so the prior's -1 slope dominates: " + x);
    }
}
