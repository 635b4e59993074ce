package org.spikecodec.engine.transform.rif;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class OplTemporalResponseTest {

    /**
     * Independent numerical reference: the kernels as a linear ODE system driven by g(t), integrated by RK4
     * with a fixed step. y = g*E_C, K_C = g - w_U y, z = K_S = K_C*E_S; R_C' = K_C, R_S' = z.
     * Returns {R_C(t), R_S(t)} at each requested time (ascending).
     */
    static double[][] numeric(OplTemporalResponse o, double[] times, double dt) {
        double[][] out = new double[times.length][];
        double[] s = new double[4]; // y, RC, z, RS
        double t = 0;
        int next = 0;
        while (next < times.length) {
            if (t >= times[next] - 1e-9) { out[next++] = new double[] {s[1], s[3]}; continue; }
            double h = Math.min(dt, times[next] - t);
            double[] k1 = deriv(o, t, s), k2 = deriv(o, t + h / 2, add(s, k1, h / 2)),
                     k3 = deriv(o, t + h / 2, add(s, k2, h / 2)), k4 = deriv(o, t + h, add(s, k3, h));
            for (int i = 0; i < 4; i++) s[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
            t += h;
        }
        return out;
    }

    private static double[] deriv(OplTemporalResponse o, double t, double[] s) {
        double g = o.gamma(t);
        double kc = g - o.wU() * s[0];
        return new double[] {(g - s[0]) / o.tauC(), kc, (kc - s[2]) / o.tauS(), s[2]};
    }

    private static double[] add(double[] s, double[] k, double h) {
        double[] r = s.clone();
        for (int i = 0; i < r.length; i++) r[i] += h * k[i];
        return r;
    }

    @Test
    void closedFormMatchesNumericalIntegration() {
        double[] times = {1, 5, 10, 20, 25, 40, 80, 150, 300};
        for (OplTemporalResponse o : new OplTemporalResponse[] {OplTemporalResponse.DEFAULT,
                new OplTemporalResponse(5, 5, 20, 4, 0.7), new OplTemporalResponse(3, 8, 6, 30, 1)}) {
            double[][] ref = numeric(o, times, 1e-3);
            for (int i = 0; i < times.length; i++) {
                double t = times[i];
                assertEquals(ref[i][0], o.centre(t), 1e-9 * Math.max(1, Math.abs(ref[i][0])), "R_C(" + t + ")");
                assertEquals(ref[i][1], o.surround(t), 1e-9 * Math.max(1, Math.abs(ref[i][1])), "R_S(" + t + ")");
            }
        }
    }

    @Test
    void knownValues() {
        OplTemporalResponse o = OplTemporalResponse.DEFAULT;
        // Recorded from the closed form (and matched by the RK4 reference above).
        double[][] expected = {
            {10, 1.82225744481, 0.594612573942}, {20, 20.8148846575, 12.3710984378},
            {40, 50.5807810407, 49.0728086936}, {80, 12.0979185895, 14.8768315040},
        };
        for (double[] e : expected) {
            assertEquals(e[1], o.centre(e[0]), 1e-10 * Math.abs(e[1]), "R_C(" + e[0] + ")");
            assertEquals(e[2], o.surround(e[0]), 1e-10 * Math.abs(e[2]), "R_S(" + e[0] + ")");
        }
    }

    @Test
    void lowPassEarlyBandPassNear40SurroundLate() {
        OplTemporalResponse o = OplTemporalResponse.DEFAULT;
        assertTrue(o.surround(5) / o.centre(5) < 0.3, "early layers are low-pass");
        double r40 = o.surround(40) / o.centre(40);
        assertEquals(0.970, r40, 5e-4, "near 40 ms the filter is band-pass (spec: R_S/R_C ~ 0.97)");
        assertTrue(o.surround(80) > o.centre(80), "later the surround dominates");
        assertEquals(0, o.centre(0));
        assertEquals(0, o.surround(-1));
    }
}
