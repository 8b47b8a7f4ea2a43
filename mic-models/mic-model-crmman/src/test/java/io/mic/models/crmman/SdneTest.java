package io.mic.models.crmman;

import static io.mic.models.tf.GradientCheck.randn;
import static org.assertj.core.api.Assertions.assertThat;

import io.mic.models.tf.GradientCheck;
import io.mic.models.tf.GradientCheck.Input;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SdneTest {

    @Test
    void lossGradientsMatchFiniteDifferences() {
        SplittableRandom r = new SplittableRandom(4);
        int b = 3;
        int n = 5;
        int h = 4;
        int d = 2;
        double[] xi = new double[b * n];
        double[] xj = new double[b * n];
        for (int k = 0; k < b * n; k++) {
            xi[k] = r.nextInt(3) == 0 ? 1 : 0;
            xj[k] = r.nextInt(3) == 0 ? 1 : 0;
        }
        List<Input> in = List.of(Input.constant("xi", xi, b, n), Input.constant("xj", xj, b, n), Input.constant("w", new double[] {1, 0.5, 2}, b),
                Input.of("ew0", randn(r, n * h, 0.5), n, h), Input.of("eb0", randn(r, h, 0.1), h),
                Input.of("ew1", randn(r, h * d, 0.5), h, d), Input.of("eb1", randn(r, d, 0.1), d),
                Input.of("dw0", randn(r, d * h, 0.5), d, h), Input.of("db0", randn(r, h, 0.1), h),
                Input.of("dw1", randn(r, h * n, 0.5), h, n), Input.of("db1", randn(r, n, 0.1), n));
        double loss = GradientCheck.check(in, (tf, o) -> Sdne.loss(tf, o.get(0), o.get(1), o.get(2), o.subList(3, 7), o.subList(7, 11), 5.0, 0.3));
        assertThat(loss).isPositive();
    }

    @Test
    void codesSeparateTwoPlantedCommunities() {
        // items 0..7 share attribute entities 20, 21; items 8..15 share 22, 23; item i's entity is i
        int items = 16;
        int ne = 24;
        int[][] lists = new int[ne][];
        for (int i = 0; i < items; i++) {
            lists[i] = i < 8 ? new int[] {20, 21} : new int[] {22, 23};
        }
        for (int e = items; e < 20; e++) {
            lists[e] = new int[0];
        }
        for (int a = 20; a < 24; a++) {
            int from = a < 22 ? 0 : 8;
            lists[a] = java.util.stream.IntStream.range(from, from + 8).toArray();
        }
        int[] off = new int[ne + 1];
        int total = 0;
        for (int e = 0; e < ne; e++) {
            off[e] = total;
            total += lists[e].length;
        }
        off[ne] = total;
        int[] vals = new int[total];
        for (int e = 0; e < ne; e++) {
            System.arraycopy(lists[e], 0, vals, off[e], lists[e].length);
        }
        int[] itemEntity = java.util.stream.IntStream.range(0, items).toArray();
        ItemGraph g = ItemGraph.build(off, vals, ne, itemEntity, 1);
        assertThat(g.numEdges()).isEqualTo(2 * 28);
        float[] p = Sdne.embed(g, new Sdne.Settings(4, 16, 5, 0.2, 60, 16, 0.01), 3);
        double intra = 0;
        double inter = 0;
        int ni = 0;
        int nx = 0;
        for (int i = 0; i < items; i++) {
            for (int j = i + 1; j < items; j++) {
                double dist = 0;
                for (int c = 0; c < 4; c++) {
                    double t = p[i * 4 + c] - p[j * 4 + c];
                    dist += t * t;
                }
                if ((i < 8) == (j < 8)) {
                    intra += dist;
                    ni++;
                } else {
                    inter += dist;
                    nx++;
                }
            }
        }
        // communities must be far apart relative to their spread (a random init gives a ratio near 1)
        assertThat(inter / nx).isGreaterThan(5 * intra / ni);
    }
}
