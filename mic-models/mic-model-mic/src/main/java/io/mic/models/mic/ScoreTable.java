package io.mic.models.mic;

import io.mic.core.feature.FeatureBuilder;
import io.mic.spi.Vectors;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * A snapshot of every user and item vector and the full-ranking score computed from it.
 *
 * <p>{@link Objective.Score#U2I}: {@code score(u, i) = u . v_i}. {@link Objective.Score#COMBINED}:
 * the MIC paper's 1:1:1 linear combination of the three channels' probabilities. Each channel is
 * a probability distribution over items, the one its InfoNCE term trains (a softmax at
 * temperature tau), so the three are on one scale and their mean is again a distribution:
 * <pre>
 *   p_u2i(i | u) = softmax_i(u . v_i / tau)                                   over all items
 *   p_i2i(i | u) = 1/|H(u)| sum_{j in H(u)} softmax_i(v_j . v_i / tau)        H(u): u's last M training items
 *   p_u2u(i | u) = sum_{w != u} softmax_w(u . u_w / tau) 1[i in H(w)] / |H(w)| over the other users w with a history
 *   score(u, i)  = (p_u2i + p_u2u + p_i2i) / 3
 * </pre>
 * The channels are the serving paths of the paper: U2I retrieves items close to the user, I2I
 * items close to what the user recently consumed, U2U what users close to this user recently
 * consumed. A user without history gets {@code p_i2i = 0} and is left out of the others'
 * {@code p_u2u} softmax. {@link Objective.Score#U2U} and {@link Objective.Score#I2I} rank by one
 * channel alone (diagnostics and ablations).
 *
 * <p>Immutable; {@link #score} is thread-safe (scratch is per call). For catalogues of at most
 * {@link #MAX_SIM_ITEMS} items the item-to-item softmax is precomputed once ({@code n^2} floats);
 * above that it is computed per history item.
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
    /** The vectors the u2u and i2i channels read: {@link #users} / {@link #items}, or unit-length copies. */
    private final float[] channelUsers;
    private final float[] channelItems;
    private final int[] histOff;
    private final int[] histVal;
    /** Row-softmax of the item-item logits, or null. */
    private final float[] itemSoftmax;

    ScoreTable(Vectors userVectors, Vectors itemVectors, Objective.Score mode, double temperature, FeatureBuilder features, int scoreHistory) {
        this(userVectors, itemVectors, mode, temperature, features, scoreHistory, false);
    }

    /**
     * @param unitChannels whether the u2u and i2i channels read L2-normalised copies of the vectors (the u2i channel
     *                     always reads them as trained); see {@link Objective#auxUnit}
     */
    ScoreTable(Vectors userVectors, Vectors itemVectors, Objective.Score mode, double temperature, FeatureBuilder features, int scoreHistory,
            boolean unitChannels) {
        this.users = userVectors.values();
        this.items = itemVectors.values();
        this.dim = userVectors.dim();
        boolean channels = mode != Objective.Score.U2I && unitChannels;
        this.channelUsers = channels ? unitRows(users, dim) : users;
        this.channelItems = channels ? unitRows(items, dim) : items;
        this.numUsers = userVectors.rows();
        this.numItems = itemVectors.rows();
        this.mode = mode;
        this.invTau = (float) (1.0 / temperature);
        if (mode != Objective.Score.U2I) {
            histOff = new int[numUsers + 1];
            int[] buf = new int[Math.max(1, scoreHistory)];
            int[] tmp = new int[numUsers * buf.length];
            for (int u = 0; u < numUsers; u++) {
                int n = features.recentItemsOf(u, buf);
                System.arraycopy(buf, 0, tmp, histOff[u], n);
                histOff[u + 1] = histOff[u] + n;
            }
            histVal = Arrays.copyOf(tmp, histOff[numUsers]);
            itemSoftmax = numItems <= MAX_SIM_ITEMS && mode != Objective.Score.U2U ? itemSoftmax() : null;
        } else {
            histOff = histVal = null;
            itemSoftmax = null;
        }
    }

    /** A copy of {@code v} with every {@code dim}-wide row scaled to unit length (zero rows stay zero). */
    static float[] unitRows(float[] v, int dim) {
        float[] out = new float[v.length];
        for (int o = 0; o < v.length; o += dim) {
            double ss = 0;
            for (int k = 0; k < dim; k++) {
                ss += (double) v[o + k] * v[o + k];
            }
            float inv = ss > 0 ? (float) (1.0 / Math.sqrt(ss)) : 0f;
            for (int k = 0; k < dim; k++) {
                out[o + k] = v[o + k] * inv;
            }
        }
        return out;
    }

    private float[] itemSoftmax() {
        float[] s = new float[numItems * numItems];
        IntStream.range(0, numItems).parallel().forEach(j -> softmaxRow(channelItems, j, channelItems, numItems, s, j * numItems));
        return s;
    }

    /** {@code out[off + i] = softmax_i(a_row . b_i / tau)} over the {@code n} rows of {@code b}. */
    private void softmaxRow(float[] a, int row, float[] b, int n, float[] out, int off) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            float x = dot(a, row, b, i) * invTau;
            out[off + i] = x;
            max = Math.max(max, x);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float e = (float) Math.exp(out[off + i] - max);
            out[off + i] = e;
            sum += e;
        }
        float inv = (float) (1.0 / sum);
        for (int i = 0; i < n; i++) {
            out[off + i] *= inv;
        }
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

    Vectors userVectors() {
        return Vectors.of(users, dim);
    }

    Vectors itemVectors() {
        return Vectors.of(items, dim);
    }

    /**
     * Scores of every item for {@code user} into {@code out[0 .. numItems)}; a longer buffer keeps
     * its tail (hosts reuse buffers sized for the largest catalogue).
     */
    void scoreOne(int user, float[] out) {
        if (out.length < numItems) {
            throw new IllegalArgumentException("score buffer has " + out.length + " slots, the model scores " + numItems + " items");
        }
        score(new int[] {user}, out, numItems);
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
        float[] row = i2i && itemSoftmax == null ? new float[n] : null;
        for (int r = 0; r < us.length; r++) {
            int u = us[r];
            int o = r * n;
            if (mode == Objective.Score.U2I) {
                for (int i = 0; i < n; i++) {
                    out[o + i] = dot(users, u, items, i);
                }
                continue;
            }
            if (u2i) {
                softmaxRow(users, u, items, n, out, o);
            } else {
                Arrays.fill(out, o, o + n, 0f);
            }
            if (u2u) {
                softmaxRow(channelUsers, u, channelUsers, numUsers, userProb, 0);
                userProb[u] = 0f;
                float rest = 0f;
                for (int w = 0; w < numUsers; w++) {
                    if (histOff[w + 1] == histOff[w]) {
                        userProb[w] = 0f; // users without history recall nothing: renormalise over the others
                    }
                    rest += userProb[w];
                }
                float renorm = rest > 0 ? 1f / rest : 0f;
                for (int w = 0; w < numUsers; w++) {
                    int hs = histOff[w];
                    int he = histOff[w + 1];
                    if (he > hs && userProb[w] > 0f) {
                        float share = userProb[w] * renorm / (he - hs);
                        for (int k = hs; k < he; k++) {
                            out[o + histVal[k]] += share;
                        }
                    }
                }
            }
            int hs = histOff[u];
            int he = histOff[u + 1];
            if (i2i && he > hs) {
                float inv = 1f / (he - hs);
                for (int k = hs; k < he; k++) {
                    int j = histVal[k];
                    float[] src = itemSoftmax;
                    int base = j * n;
                    if (src == null) {
                        softmaxRow(channelItems, j, channelItems, n, row, 0);
                        src = row;
                        base = 0;
                    }
                    for (int i = 0; i < n; i++) {
                        out[o + i] += src[base + i] * inv;
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
