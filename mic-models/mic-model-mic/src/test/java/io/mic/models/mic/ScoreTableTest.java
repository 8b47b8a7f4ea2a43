package io.mic.models.mic;

import static org.assertj.core.api.Assertions.assertThat;

import io.mic.core.data.DataSplit;
import io.mic.core.data.Dataset;
import io.mic.core.data.IdMap;
import io.mic.core.data.InteractionMatrix;
import io.mic.core.feature.FeatureBuilder;
import io.mic.core.feature.HistoryMode;
import io.mic.spi.Vectors;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The channel scores against a direct evaluation of their formulas. */
class ScoreTableTest {
    private static final double TAU = 0.5;
    // 3 users, 4 items, dim 2
    private static final float[] U = {1, 0, 0.6f, 0.8f, -1, 0.2f};
    private static final float[] V = {1, 0, 0, 1, 0.7f, 0.7f, -0.5f, 0.5f};
    private static final int[][] TRAIN = {{0, 1}, {1, 2}, {}};

    private static double dot(float[] a, int ra, float[] b, int rb) {
        return a[2 * ra] * b[2 * rb] + a[2 * ra + 1] * b[2 * rb + 1];
    }

    private static double softmax(float[] a, int row, float[] b, int n, int target) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.exp(dot(a, row, b, i) / TAU);
        }
        return Math.exp(dot(a, row, b, target) / TAU) / sum;
    }

    private static double expected(int u, int i) {
        double u2i = softmax(U, u, V, 4, i);
        double i2i = 0;
        for (int j : TRAIN[u]) {
            i2i += softmax(V, j, V, 4, i) / TRAIN[u].length;
        }
        double rest = 0;
        for (int w = 0; w < 3; w++) {
            if (w != u && TRAIN[w].length > 0) {
                rest += softmax(U, u, U, 3, w);
            }
        }
        double u2u = 0;
        for (int w = 0; w < 3; w++) {
            if (w != u && TRAIN[w].length > 0) {
                boolean has = false;
                for (int x : TRAIN[w]) {
                    has |= x == i;
                }
                if (has) {
                    u2u += softmax(U, u, U, 3, w) / rest / TRAIN[w].length;
                }
            }
        }
        return (u2i + i2i + u2u) / 3;
    }

    /** {@link #TRAIN} as a training split (the user histories the u2u and i2i channels read). */
    private static FeatureBuilder byHand() {
        int[] users = {0, 0, 1, 1};
        int[] items = {0, 1, 1, 2};
        Dataset ds = new Dataset("t", IdMap.range(3), IdMap.range(4), users, items, null, null, null, List.of(), List.of());
        InteractionMatrix train = InteractionMatrix.fromColumns(3, 4, users, items, null, null, null);
        DataSplit split = new DataSplit(ds, train, InteractionMatrix.empty(3, 4), InteractionMatrix.empty(3, 4), "by-hand");
        return FeatureBuilder.of(split, 0, 0, HistoryMode.OTHERS);
    }

    @Test
    void combinedScoreIsTheMeanOfTheThreeChannelDistributions() {
        FeatureBuilder fb = byHand();
        ScoreTable t = new ScoreTable(Vectors.of(U, 2), Vectors.of(V, 2), Objective.Score.COMBINED, TAU, fb, 10);
        float[] out = new float[3 * 4];
        t.score(new int[] {0, 1, 2}, out, 4);
        double total = 0;
        for (int u = 0; u < 3; u++) {
            for (int i = 0; i < 4; i++) {
                assertThat((double) out[u * 4 + i]).as("user %d item %d", u, i).isCloseTo(expected(u, i), Offset.offset(1e-6));
                total += out[u * 4 + i];
            }
        }
        // users 0 and 1 have every channel (each a distribution); user 2 has no history, so no i2i mass
        assertThat(total).isCloseTo(1 + 1 + 2.0 / 3, Offset.offset(1e-5));

        ScoreTable dots = new ScoreTable(Vectors.of(U, 2), Vectors.of(V, 2), Objective.Score.U2I, TAU, fb, 10);
        float[] d = new float[4];
        dots.score(new int[] {1}, d, 4);
        assertThat(d).containsExactly(0.6f, 0.8f, 0.6f * 0.7f + 0.8f * 0.7f, -0.3f + 0.4f);
    }

    @Test
    void unitChannelsReadNormalisedVectorsForU2uAndI2iOnly() {
        FeatureBuilder fb = byHand();
        // rows scaled by 1..4: the unit channels see U, V's directions only; the u2i channel sees the scaled dot products
        float[] us = U.clone();
        float[] vs = V.clone();
        for (int k = 0; k < us.length; k++) {
            us[k] *= 1 + k / 2;
        }
        for (int k = 0; k < vs.length; k++) {
            vs[k] *= 1 + k / 2;
        }
        float[] unitU = ScoreTable.unitRows(us, 2);
        float[] unitV = ScoreTable.unitRows(vs, 2);
        for (Objective.Score mode : new Objective.Score[] {Objective.Score.U2U, Objective.Score.I2I}) {
            float[] scaled = new float[3 * 4];
            float[] unit = new float[3 * 4];
            float[] raw = new float[3 * 4];
            new ScoreTable(Vectors.of(us, 2), Vectors.of(vs, 2), mode, TAU, fb, 10, true).score(new int[] {0, 1, 2}, scaled, 4);
            new ScoreTable(Vectors.of(unitU, 2), Vectors.of(unitV, 2), mode, TAU, fb, 10, false).score(new int[] {0, 1, 2}, unit, 4);
            new ScoreTable(Vectors.of(us, 2), Vectors.of(vs, 2), mode, TAU, fb, 10, false).score(new int[] {0, 1, 2}, raw, 4);
            assertThat(scaled).as(mode.name()).containsExactly(unit, Offset.offset(1e-6f));
            assertThat(raw).as(mode.name() + " without unit channels differs").isNotEqualTo(unit);
        }
        float[] u2i = new float[4];
        new ScoreTable(Vectors.of(us, 2), Vectors.of(vs, 2), Objective.Score.U2I, TAU, fb, 10, true).scoreOne(0, u2i);
        for (int i = 0; i < 4; i++) {
            assertThat((double) u2i[i]).isCloseTo(us[0] * vs[2 * i] + us[1] * vs[2 * i + 1], Offset.offset(1e-6));
        }
        assertThat(ScoreTable.unitRows(new float[] {3, 4, 0, 0}, 2)).containsExactly(0.6f, 0.8f, 0f, 0f);
    }
}
