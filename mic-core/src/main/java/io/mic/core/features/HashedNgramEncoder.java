package io.mic.core.features;

import io.mic.spi.ItemFeatureSource;
import io.mic.spi.Progress;
import io.mic.spi.Vectors;
import java.text.Normalizer;
import java.util.Locale;

/**
 * Dependency-free text features: TF-IDF over hashed character n-grams, then a seeded random
 * projection to {@code dim} dimensions, then L2 normalisation. The fallback when no pretrained
 * encoder is available, and the text source of tests.
 *
 * <ol>
 *   <li>Text: NFKC, lower case, runs of non-letters/digits become one space, padded with a space
 *       at each end (so n-grams mark word boundaries).</li>
 *   <li>Grams: every character n-gram for {@code minN <= n <= maxN}, hashed (64-bit FNV-1a of the
 *       chars) into {@code buckets}.</li>
 *   <li>Weights: {@code (1 + ln tf) * idf}, {@code idf = ln((1 + N) / (1 + df)) + 1} with document
 *       frequencies over the texts of the call (the dataset's items); the sparse vector is L2
 *       normalised.</li>
 *   <li>Projection: bucket {@code b} maps to a pseudo-random vector with entries +-1/sqrt(dim),
 *       a pure function of (seed, b, k) (Achlioptas), so nothing of size buckets x dim is stored.</li>
 * </ol>
 * Deterministic in (seed, parameters, the texts of the call). Empty text gives a zero vector.
 * Thread-safe (no mutable state).
 */
public final class HashedNgramEncoder implements ItemFeatureSource {
    private final int dim;
    private final int minN;
    private final int maxN;
    private final int buckets;
    private final long seed;

    public HashedNgramEncoder(int dim, int minN, int maxN, int buckets, long seed) {
        if (dim <= 0 || minN <= 0 || maxN < minN || buckets <= 0) {
            throw new IllegalArgumentException("hashed n-grams: need dim > 0, 0 < min-n <= max-n, buckets > 0; got dim " + dim
                    + ", n " + minN + ".." + maxN + ", buckets " + buckets);
        }
        this.dim = dim;
        this.minN = minN;
        this.maxN = maxN;
        this.buckets = buckets;
        this.seed = seed;
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public Vectors features(String[] ids, String[] texts, Progress progress) {
        if (texts == null || texts.length != ids.length) {
            throw new IllegalArgumentException("hashed-ngram: needs one text per id, got " + (texts == null ? "none" : texts.length) + " for " + ids.length);
        }
        int n = texts.length;
        int[][] grams = new int[n][];
        int[] df = new int[buckets];
        for (int i = 0; i < n; i++) {
            grams[i] = distinctSortedGrams(normalize(texts[i]));
            // grams[i] holds (bucket) pairs with counts; see distinctSortedGrams
            for (int j = 0; j < grams[i].length; j += 2) {
                df[grams[i][j]]++;
            }
        }
        float[] out = new float[n * dim];
        double[] acc = new double[dim];
        double scale = 1.0 / Math.sqrt(dim);
        progress.start("hashed n-gram features", n);
        for (int i = 0; i < n; i++) {
            int[] g = grams[i];
            java.util.Arrays.fill(acc, 0);
            double norm = 0;
            for (int j = 0; j < g.length; j += 2) {
                double w = (1 + Math.log(g[j + 1])) * (Math.log((1.0 + n) / (1.0 + df[g[j]])) + 1);
                norm += w * w;
            }
            if (norm > 0) {
                double inv = 1 / Math.sqrt(norm);
                for (int j = 0; j < g.length; j += 2) {
                    double w = (1 + Math.log(g[j + 1])) * (Math.log((1.0 + n) / (1.0 + df[g[j]])) + 1) * inv * scale;
                    long h = mix(seed ^ (g[j] * 0x9E3779B97F4A7C15L));
                    for (int k = 0; k < dim; k++) {
                        if ((k & 63) == 0 && k > 0) {
                            h = mix(h + k);
                        }
                        acc[k] += ((h >>> (k & 63)) & 1L) == 0 ? w : -w;
                    }
                }
            }
            double len = 0;
            for (int k = 0; k < dim; k++) {
                len += acc[k] * acc[k];
            }
            double inv = len > 0 ? 1 / Math.sqrt(len) : 0;
            for (int k = 0; k < dim; k++) {
                out[i * dim + k] = (float) (acc[k] * inv);
            }
            progress.step(1);
        }
        progress.done();
        return Vectors.of(out, dim);
    }

    static String normalize(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String s = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder b = new StringBuilder(s.length() + 2).append(' ');
        boolean space = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                b.append(c);
                space = false;
            } else if (!space) {
                b.append(' ');
                space = true;
            }
        }
        if (!space) {
            b.append(' ');
        }
        return b.length() <= 1 ? "" : b.toString();
    }

    /** Distinct buckets of the text's n-grams with their counts, as (bucket, count) pairs sorted by bucket. */
    private int[] distinctSortedGrams(String s) {
        if (s.isEmpty()) {
            return new int[0];
        }
        int total = 0;
        for (int n = minN; n <= maxN; n++) {
            total += Math.max(0, s.length() - n + 1);
        }
        int[] b = new int[total];
        int m = 0;
        for (int n = minN; n <= maxN; n++) {
            for (int i = 0; i + n <= s.length(); i++) {
                long h = 0xcbf29ce484222325L ^ n;
                for (int j = i; j < i + n; j++) {
                    h = (h ^ s.charAt(j)) * 0x100000001b3L;
                }
                b[m++] = (int) Long.remainderUnsigned(mix(h), buckets);
            }
        }
        java.util.Arrays.sort(b, 0, m);
        int[] pairs = new int[2 * m];
        int p = 0;
        for (int i = 0; i < m; ) {
            int j = i;
            while (j < m && b[j] == b[i]) {
                j++;
            }
            pairs[p++] = b[i];
            pairs[p++] = j - i;
            i = j;
        }
        return java.util.Arrays.copyOf(pairs, p);
    }

    /** SplitMix64 finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
