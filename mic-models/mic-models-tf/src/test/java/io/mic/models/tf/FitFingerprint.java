package io.mic.models.tf;

import io.mic.models.tf.training.Trainer;
import io.mic.spi.Vectors;

/**
 * A bit-exact summary of a fit, for tests that pin a model's results across a refactoring: the
 * trainer report (epochs, steps, best epoch, the best metric's and every epoch loss's IEEE bits)
 * and a 64-bit FNV-1a hash over the bits of the final user and item vectors. Two fits with the
 * same fingerprint took the same steps to the same parameters (up to a hash collision).
 */
public final class FitFingerprint {
    private FitFingerprint() {
    }

    public static String of(Trainer.Report r, Vectors users, Vectors items) {
        StringBuilder sb = new StringBuilder();
        sb.append("epochs=").append(r.epochs()).append(" steps=").append(r.steps()).append(" best=").append(r.bestEpoch()).append('@')
                .append(Long.toHexString(Double.doubleToRawLongBits(r.bestMetric()))).append(" loss=");
        for (double l : r.epochLoss()) {
            sb.append(Long.toHexString(Double.doubleToRawLongBits(l))).append(',');
        }
        sb.append(" users=").append(Long.toHexString(hash(users.values()))).append(" items=").append(Long.toHexString(hash(items.values())));
        return sb.toString();
    }

    /** FNV-1a over the raw bits of {@code v}. */
    public static long hash(float[] v) {
        long h = 0xcbf29ce484222325L;
        for (float f : v) {
            int b = Float.floatToRawIntBits(f);
            for (int s = 0; s < 32; s += 8) {
                h ^= (b >>> s) & 0xff;
                h *= 0x100000001b3L;
            }
        }
        return h;
    }
}
