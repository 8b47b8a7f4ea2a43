package io.mic.models.tf.training;

import io.mic.spi.Vectors;

/**
 * The scoring every trained model's {@link io.mic.spi.Model#score} shares: the checks of the
 * single-user call and the dot product of one user vector with every item vector. Multi-interest
 * and fused scorers (Re4's max over interests, MISSRec's modality fusion) keep their own loops and
 * use only {@link #singleUserItems}.
 */
public final class ModelScores {
    private ModelScores() {
    }

    /**
     * For {@code score(user, out)}: fails when the model is not fitted ({@code items} null) or
     * {@code out} cannot hold a score per item; returns the number of items to score. Hosts reuse
     * buffers sized for a larger catalogue, so only {@code out[0 .. items.rows())} is written.
     */
    public static int singleUserItems(String label, Vectors items, float[] out) {
        if (items == null) {
            throw new IllegalStateException(label + ": fit() first");
        }
        if (out.length < items.rows()) {
            throw new IllegalArgumentException("score buffer has " + out.length + " slots, the model scores " + items.rows() + " items");
        }
        return items.rows();
    }

    /**
     * {@code out[r * numItems + i] = <users[us[r]], items[i]>} for {@code i < min(numItems, items.rows())}
     * (one vector per user); fails when the model is not fitted ({@code users} null).
     */
    public static void dot(String label, Vectors users, Vectors items, int[] us, float[] out, int numItems) {
        if (users == null) {
            throw new IllegalStateException(label + ": fit() first");
        }
        float[] uv = users.values();
        int d = users.dim();
        int n = Math.min(numItems, items.rows());
        for (int r = 0; r < us.length; r++) {
            int base = r * numItems;
            int qo = us[r] * d;
            for (int i = 0; i < n; i++) {
                out[base + i] = items.dot(i, uv, qo);
            }
        }
    }
}
