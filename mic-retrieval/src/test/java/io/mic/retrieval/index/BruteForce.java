package io.mic.retrieval.index;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** The reference ranking, computed the slow obvious way in double precision. */
final class BruteForce {
    private BruteForce() {
    }

    /** Ids of the best {@code k} rows for {@code q}: score descending, id ascending on ties. */
    static int[] topK(float[] data, int rows, int dim, float[] q, int qo, int k, boolean cosine) {
        double[] s = new double[rows];
        double qn = 0;
        for (int i = 0; i < dim; i++) {
            qn += (double) q[qo + i] * q[qo + i];
        }
        for (int r = 0; r < rows; r++) {
            double d = 0;
            double n = 0;
            for (int i = 0; i < dim; i++) {
                d += (double) data[r * dim + i] * q[qo + i];
                n += (double) data[r * dim + i] * data[r * dim + i];
            }
            s[r] = cosine ? (n == 0 || qn == 0 ? 0 : d / Math.sqrt(n) / Math.sqrt(qn)) : d;
        }
        return IntStream.range(0, rows).boxed()
                .sorted(Comparator.<Integer>comparingDouble(r -> -s[r]).thenComparingInt(r -> r))
                .limit(k).mapToInt(Integer::intValue).toArray();
    }

    static double score(float[] data, int dim, int row, float[] q, int qo, boolean cosine) {
        double d = 0;
        double n = 0;
        double qn = 0;
        for (int i = 0; i < dim; i++) {
            d += (double) data[row * dim + i] * q[qo + i];
            n += (double) data[row * dim + i] * data[row * dim + i];
            qn += (double) q[qo + i] * q[qo + i];
        }
        return cosine ? d / Math.sqrt(n) / Math.sqrt(qn) : d;
    }

    static float[] randomGaussian(int n, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) ClusteredData.gaussian(r);
        }
        return out;
    }

    static int[] prefix(int[] ids, int n) {
        return Arrays.copyOf(ids, n);
    }
}
