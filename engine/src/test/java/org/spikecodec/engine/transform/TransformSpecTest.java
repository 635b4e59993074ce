package org.spikecodec.engine.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Parameters out of range are typed exceptions carrying the numbers, worded without command-line flags. */
class TransformSpecTest {
    @Test
    void waveletLevelsOutOfRangeCarryTheNumbers() {
        ParameterOutOfRange e = assertThrows(ParameterOutOfRange.class, () -> new TransformSpec.Dwt(TransformSpec.Dwt.MAX_LEVELS + 1));
        assertEquals("wavelet levels", e.parameter());
        assertEquals(TransformSpec.Dwt.MAX_LEVELS + 1, e.value());
        assertEquals(0, e.min());
        assertEquals(TransformSpec.Dwt.MAX_LEVELS, e.max());
        assertFalse(e.getMessage().contains("--"), e.getMessage());
        assertEquals(-1, assertThrows(ParameterOutOfRange.class, () -> new TransformSpec.Dwt(-1)).value());
    }

    @Test
    void retinaLayerCountOutOfRangeCarriesTheNumbers() {
        ParameterOutOfRange none = assertThrows(ParameterOutOfRange.class, () -> new TransformSpec.Rif(new double[0], 1e-3, 100));
        assertEquals(0, none.value());
        ParameterOutOfRange many = assertThrows(ParameterOutOfRange.class,
                () -> new TransformSpec.Rif(new double[TransformSpec.Rif.MAX_LAYERS + 1], 1e-3, 100));
        assertEquals(TransformSpec.Rif.MAX_LAYERS + 1, many.value());
        assertEquals(1, many.min());
    }

    @Test
    void dynamicRetinaRangesAndCgLimit() {
        TransformSpec.RifDynamic ok = new TransformSpec.RifDynamic(10, 10, 32, 1e-5, 200);
        assertEquals(320, ok.steps());
        assertEquals(TransformKind.RIF_DYNAMIC, ok.kind());
        assertEquals("rif-dynamic", ok.kind().cliName());
        assertEquals(TransformKind.RIF_DYNAMIC, TransformKind.parse("rif-dynamic"));
        assertEquals(new TransformSpec.RifDynamic(10, 10, 32, 1e-5, 7), ok.withCgMaxIterations(7));
        ParameterOutOfRange planes = assertThrows(ParameterOutOfRange.class, () -> new TransformSpec.RifDynamic(10, 0, 32, 1e-5, 200));
        assertEquals("retina planes", planes.parameter());
        assertThrows(ParameterOutOfRange.class, () -> new TransformSpec.RifDynamic(10, TransformSpec.RifDynamic.MAX_PLANES + 1, 1, 1e-5, 200));
        ParameterOutOfRange steps = assertThrows(ParameterOutOfRange.class,
                () -> new TransformSpec.RifDynamic(10, 8, TransformSpec.RifDynamic.MAX_STEPS / 8 + 1, 1e-5, 200));
        assertEquals(TransformSpec.RifDynamic.MAX_STEPS / 8, steps.max());
        assertThrows(IllegalArgumentException.class, () -> new TransformSpec.RifDynamic(0.05, 10, 32, 1e-5, 200));
        assertThrows(IllegalArgumentException.class, () -> new TransformSpec.RifDynamic(Double.NaN, 10, 32, 1e-5, 200));
        assertThrows(IllegalArgumentException.class, () -> new TransformSpec.RifDynamic(10, 10, 32, 0, 200));
        assertThrows(IllegalArgumentException.class, () -> new TransformSpec.RifDynamic(10, 10, 32, 1e-5, 0));
    }

    @Test
    void scaledRetinaRanges() {
        TransformSpec.RifScaled ok = new TransformSpec.RifScaled(new double[] {6, 40}, new double[] {2, 0.5}, new int[] {2, 1}, new double[] {1, 0.5}, 1e-5, 200);
        assertEquals(TransformKind.RIF_SCALED, ok.kind());
        assertEquals(5, ok.kind().id);
        assertEquals(TransformKind.RIF_SCALED, TransformKind.parse("rif-scaled"));
        assertEquals(new TransformSpec.RifScaled(new double[] {6, 40}, new double[] {2, 0.5}, new int[] {2, 1}, new double[] {1, 0.5}, 1e-5, 7),
                ok.withCgMaxIterations(7));
        assertEquals(ok, org.spikecodec.engine.transform.rif.ScaledRifFrontEnd.parse("6:2:2, 40:0.5:1:0.5"));
        assertEquals(TransformSpec.RifScaled.uniform(new double[] {10}, 1, 1, 1e-5, 200),
                org.spikecodec.engine.transform.rif.ScaledRifFrontEnd.parse("10:1:1"));
        ParameterOutOfRange dec = assertThrows(ParameterOutOfRange.class,
                () -> TransformSpec.RifScaled.uniform(new double[] {10}, 1, TransformSpec.RifScaled.MAX_DECIMATION + 1, 1e-5, 200));
        assertEquals(TransformSpec.RifScaled.MAX_DECIMATION, dec.max());
        assertThrows(ParameterOutOfRange.class, () -> TransformSpec.RifScaled.uniform(new double[] {10}, 1, 0, 1e-5, 200));
        assertThrows(ParameterOutOfRange.class, () -> TransformSpec.RifScaled.uniform(new double[0], 1, 1, 1e-5, 200));
        for (double bad : new double[] {Double.NaN, 0, 0.2, 8.5, Double.POSITIVE_INFINITY})
            assertThrows(IllegalArgumentException.class, () -> TransformSpec.RifScaled.uniform(new double[] {10}, bad, 1, 1e-5, 200));
        for (double bad : new double[] {Double.NaN, 0, 1e-4, 1e4})
            assertThrows(IllegalArgumentException.class,
                    () -> new TransformSpec.RifScaled(new double[] {10}, new double[] {1}, new int[] {1}, new double[] {bad}, 1e-5, 200));
        assertThrows(IllegalArgumentException.class, () -> new TransformSpec.RifScaled(new double[] {10, 20}, new double[] {1}, new int[] {1, 1}, new double[] {1, 1}, 1e-5, 200));
        assertThrows(IllegalArgumentException.class, () -> TransformSpec.RifScaled.uniform(new double[] {0.01}, 1, 1, 1e-5, 200));
        ParameterOutOfRange retinas = assertThrows(ParameterOutOfRange.class,
                () -> org.spikecodec.engine.transform.rif.ScaledRifFrontEnd.parse("6:1:1,6:1:2,6:1:3,6:1:4,6:2:1"));
        assertEquals(5, retinas.value());
        assertEquals(TransformSpec.RifScaled.MAX_RETINAS, retinas.max());
        assertEquals(4, org.spikecodec.engine.transform.rif.ScaledRifFrontEnd.parse("6:1:1,40:1:1,6:1:2,6:1:3,6:2:1").retinas());
        for (String bad : new String[] {"", "10", "10:1", "10:1:1:1:1", "a:1:1", "10:1:x", "10:1:1,", "10:0:1"})
            assertThrows(IllegalArgumentException.class, () -> org.spikecodec.engine.transform.rif.ScaledRifFrontEnd.parse(bad), bad);
    }
}
