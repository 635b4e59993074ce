package org.spikecodec.engine.transform.rif;

/**
 * Step responses of the Outer Plexiform Layer temporal kernels (Doutsi et al., TIP 2018; spec section 2.1),
 * in closed form. Times in milliseconds.
 *
 * <pre>
 *   g(t)   = t^n e^(-t/tauG) / tauG^(n+1)            E_tau(t) = e^(-t/tau) / tau
 *   K_C    = g - w_U (g * E_tauC)                     K_S = K_C * E_tauS
 *   R_C(t) = int_0^t K_C                              R_S(t) = int_0^t K_S
 * </pre>
 *
 * Derivation. Let {@code u_tau(t) = tau (g * E_tau)(t)} and {@code G0(t) = int_0^t g}. Since
 * {@code int_0^t E_tau = 1 - e^(-t/tau)}, {@code int_0^t (g * E_tau) = G0 - u_tau}, and
 * {@code E_C * E_S = (tauS E_S - tauC E_C) / (tauS - tauC)}. Hence
 * <pre>
 *   R_C = (1 - w_U) G0 + w_U u_C
 *   R_S = (G0 - u_S) - w_U (G0 + (tauC u_C - tauS u_S) / (tauS - tauC))
 * </pre>
 * (with w_U = 1: R_C = u_C, R_S = tauC (u_C - u_S) / (tauC - tauS), both positive and both tending to 0).
 * Both {@code u_tau} and {@code G0 = u_infinity} are {@code I(t, beta) = tauG^-(n+1) int_0^t s^n e^(-s/tauG) e^(-(t-s) beta) ds},
 * expanded as a series of positive terms (no cancellation) around whichever exponential decays slower; see
 * {@link #convolvedGamma}. Only StrictMath and plain double arithmetic: encoder and decoder get the same bits.
 *
 * <p>Note that the gamma kernel as specified integrates to {@code n!} (= 120), not 1: a(t) and b(t) carry that
 * scale; band gains make the codec insensitive to it.
 */
public final class OplTemporalResponse {
    /** Spec values: n = 5, tauG = 5 ms, tauC = 20 ms, tauS = 4 ms, w_U = 1. */
    public static final OplTemporalResponse DEFAULT = new OplTemporalResponse(5, 5, 20, 4, 1);

    private final int n;
    private final double tauG, tauC, tauS, wU;
    private final double nFactorial;

    public OplTemporalResponse(int n, double tauG, double tauC, double tauS, double wU) {
        if (n < 0 || n > 20) throw new IllegalArgumentException("gamma order must be in 0..20: " + n);
        if (!(tauG > 0 && tauC > 0 && tauS > 0) || Double.isInfinite(tauG + tauC + tauS))
            throw new IllegalArgumentException("time constants must be finite and > 0");
        if (tauC == tauS) throw new IllegalArgumentException("tauC == tauS is not supported (degenerate closed form)");
        if (!Double.isFinite(wU)) throw new IllegalArgumentException("w_U must be finite");
        this.n = n; this.tauG = tauG; this.tauC = tauC; this.tauS = tauS; this.wU = wU;
        double f = 1;
        for (int i = 2; i <= n; i++) f *= i;
        this.nFactorial = f;
    }

    public int order() { return n; }
    public double tauG() { return tauG; }
    public double tauC() { return tauC; }
    public double tauS() { return tauS; }
    public double wU() { return wU; }

    /** The gamma kernel g(t). */
    public double gamma(double t) {
        if (t <= 0) return 0;
        return StrictMath.pow(t / tauG, n) * StrictMath.exp(-t / tauG) / tauG;
    }

    /** R_C(t) = int_0^t K_C; 0 for t <= 0. */
    public double centre(double t) {
        if (t <= 0) return 0;
        double uC = convolvedGamma(t, 1 / tauC);
        if (wU == 1) return uC;
        return (1 - wU) * convolvedGamma(t, 0) + wU * uC;
    }

    /** R_S(t) = int_0^t K_S; 0 for t <= 0. */
    public double surround(double t) {
        if (t <= 0) return 0;
        double uC = convolvedGamma(t, 1 / tauC), uS = convolvedGamma(t, 1 / tauS);
        if (wU == 1) return tauC * (uC - uS) / (tauC - tauS);
        double g0 = convolvedGamma(t, 0);
        return (g0 - uS) - wU * (g0 + (tauC * uC - tauS * uS) / (tauS - tauC));
    }

    /**
     * {@code I(t, beta) = tauG^-(n+1) int_0^t s^n e^(-s/tauG) e^(-(t-s) beta) ds} (= tau (g * E_tau)(t) for
     * beta = 1/tau, = int_0^t g for beta = 0). With s = t v and alpha = 1/tauG - beta:
     * alpha >= 0: I = e^(-t/tauG) (t/tauG)^(n+1) n! sum_k (alpha t)^k / (n+k+1)!;
     * alpha < 0:  I = e^(-t beta) (t/tauG)^(n+1) sum_k (|alpha| t)^k / (k! (n+k+1)).
     * All terms positive, so the sum is accurate to a few ulps.
     */
    double convolvedGamma(double t, double beta) {
        if (t <= 0) return 0;
        double alpha = 1 / tauG - beta;
        double x = Math.abs(alpha) * t;
        double prefix = StrictMath.pow(t / tauG, n + 1);
        double sum = 0;
        if (alpha >= 0) {
            double term = 1;                          // x^k / (n+k+1)!, times (n+1)!
            for (int k = 0; k < 100_000; k++) {
                if (k > 0) term *= x / (n + k + 1);
                sum += term;
                if (k > x && term <= 1e-17 * sum) break;
            }
            double nPlus1Fact = nFactorial * (n + 1);
            return StrictMath.exp(-t / tauG) * prefix * nFactorial * sum / nPlus1Fact;
        } else {
            double pw = 1;                            // x^k / k!
            for (int k = 0; k < 100_000; k++) {
                if (k > 0) pw *= x / k;
                double term = pw / (n + k + 1);
                sum += term;
                if (k > x && term <= 1e-17 * sum) break;
            }
            return StrictMath.exp(-t * beta) * prefix * sum;
        }
    }
}
