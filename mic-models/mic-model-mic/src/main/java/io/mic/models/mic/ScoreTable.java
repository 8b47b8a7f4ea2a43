package io.mic.models.mic;

import io.mic.core.feature.FeatureBuilder;
import io.mic.core.spi.Vectors;

/**
 * A snapshot of every user and item vector and the full-ranking score computed from it.
 *
 * <p>{@link Objective.Score#U2I}: {@code score(u, i) = u . v_i}. {@link Objective.Score#COMBINED}:
 * the MIC paper's 1:1:1 linear combination of the three channels' probabilities,
 * <pre>
 *   p_u2i(u, i) = sigma(u . v_i / tau)
 *   p_i2i(u, i) = mean over j in H_M(u) of sigma(v_i . v_j / tau)   (H_M(u): u's last M training items; 0 if none)
 *   p_u2u(u, i) = 1/R sum over w in R_R(i) of sigma(u . u_w / tau)  (R_R(i): i's last R training users)
 *   score(u, i) = (p_u2i + p_u2u + p_i2i) / 3
 * </pre>
 * so an item scores high when the user's vector is close to it (U2I), when it is close to what
 * the user recently consumed (I2I), and when many users close to this user recently consumed it
 * (U2U; divided by R, not by |R_R(i)|, so an item with one similar recent user does not outrank
 * one with twenty: the serving U2U channel likewise collects items from several similar users).
 * {@link Objective.Score#U2U} and {@link Objective.Score#I2I} rank by one channel's probability
 * alone (diagnostics and ablations).
 *
 * <p>Immutable; {@link #score} is thread-safe (scratch is per call). For catalogues of at most
 * {@link #MAX_SIM_ITEMS} items the item-item probabilities are precomputed once ({@code n^2}
 * floats); above that they are computed per user.
 */
final class ScoreTable {
    static final int MAX_SIM_ITEMS = 8192;

    private final float[] users;
    private final float[] items;
    private final int dim;
    private final int numUsers;
    private final int numItems;
    private final Objective.Score mode;
    private final float invTau;
    private final int[] histOff;
    private final int[] histVal;
    private final int[] recOff;
    private final int[] recVal;
    private final float[] itemSim;
    private final float invRecent;

    ScoreTable(Vectors userVectors, Vectors itemVectors, Objective.Score mode, double temperature, FeatureBuilder features, int scoreHistory,
            int scoreRecent) {
        this.users = userVectors.values();
        this.items = itemVectors.values();
        this.dim = userVectors.dim();
        this.numUsers = userVectors.rows();
        this.numItems = itemVectors.rows();
        this.mode = mode;
        this.invTau = (float) (1.0 / temperature);
        this.invRecent = 1f / Math.max(1, scoreRecent);
        if (mode != Objective.Score.U2I) {
            histOff = new int[numUsers + 1];
            int[] buf = new int[Math.max(1, scoreHistory)];
            int[] tmp = new int[numUsers * buf.length];
            for (int u = 0; u < numUsers; u++) {
                int n = features.recentItemsOf(u, buf);
                System.arraycopy(buf, 0, tmp, histOff[u], n);
                histOff[u + 1] = histOff[u] + n;
            }
            histVal = java.util.Arrays.copyOf(tmp, histOff[numUsers]);
            recOff = new int[numItems + 1];
            buf = new int[Math.max(1, scoreRecent)];
            tmp = new int[numItems * buf.length];
            for (int i = 0; i < numItems; i++) {
                int n = features.recentUsersOf(i, buf);
                System.arraycopy(buf, 0, tmp, recOff[i], n);
                recOff[i + 1] = recOff[i] + n;
            }
            recVal = java.util.Arrays.copyOf(tmp, recOff[numItems]);
            itemSim = numItems <= MAX_SIM_ITEMS && mode != Objective.Score.U2U ? itemSimilarities() : null;
        } else {
            histOff = histVal = recOff = recVal = null;
            itemSim = null;
        }
    }

    private float[] itemSimilarities() {
        float[] s = new float[numItems * numItems];
        java.util.stream.IntStream.range(0, numItems).parallel().forEach(i -> {
            for (int j = 0; j < numItems; j++) {
                s[i * numItems + j] = sigmoid(dot(items, i, items, j) * invTau);
            }
        });
        return s;
    }

    private float dot(float[] a, int ra, float[] b, int rb) {
        int oa = ra * dim;
        int ob = rb * dim;
        float s = 0f;
        for (int k = 0; k < dim; k++) {
            s += a[oa + k] * b[ob + k];
        }
        return s;
    }

    private static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }

    Vectors userVectors() {
        return Vectors.of(users, dim);
    }

    Vectors itemVectors() {
        return Vectors.of(items, dim);
    }

    /** Scores of every item for each of {@code us} into {@code out} ({@code us.length x numItems}). */
    void score(int[] us, float[] out, int n) {
        if (n != numItems) {
            throw new IllegalArgumentException("scoring " + n + " items, the model has " + numItems);
        }
        boolean u2i = mode == Objective.Score.COMBINED;
        boolean u2u = mode == Objective.Score.COMBINED || mode == Objective.Score.U2U;
        boolean i2i = mode == Objective.Score.COMBINED || mode == Objective.Score.I2I;
        float[] userProb = u2u ? new float[numUsers] : null;
        for (int r = 0; r < us.length; r++) {
            int u = us[r];
            int o = r * n;
            if (mode == Objective.Score.U2I) {
                for (int i = 0; i < n; i++) {
                    out[o + i] = dot(users, u, items, i);
                }
                continue;
            }
            for (int i = 0; i < n; i++) {
                out[o + i] = u2i ? sigmoid(dot(users, u, items, i) * invTau) : 0f;
            }
            if (u2u) {
                // sigma(u . u_w / tau) for every user, then per item the sum over its recent users / R
                for (int w = 0; w < numUsers; w++) {
                    userProb[w] = sigmoid(dot(users, u, users, w) * invTau);
                }
                for (int i = 0; i < n; i++) {
                    float acc = 0f;
                    for (int k = recOff[i], e = recOff[i + 1]; k < e; k++) {
                        acc += userProb[recVal[k]];
                    }
                    out[o + i] += acc * invRecent;
                }
            }
            // i2i: mean over the user's recent items j of sigma(v_i . v_j / tau)
            int hs = histOff[u];
            int he = histOff[u + 1];
            if (i2i && he > hs) {
                float inv = 1f / (he - hs);
                for (int k = hs; k < he; k++) {
                    int j = histVal[k];
                    if (itemSim != null) {
                        int base = j * n;
                        for (int i = 0; i < n; i++) {
                            out[o + i] += itemSim[base + i] * inv;
                        }
                    } else {
                        for (int i = 0; i < n; i++) {
                            out[o + i] += sigmoid(dot(items, j, items, i) * invTau) * inv;
                        }
                    }
                }
            }
            if (mode == Objective.Score.COMBINED) {
                for (int i = 0; i < n; i++) {
                    out[o + i] /= 3f;
                }
            }
        }
    }
}
