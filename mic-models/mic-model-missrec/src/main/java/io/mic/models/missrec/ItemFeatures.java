package io.mic.models.missrec;

import io.mic.core.data.Dataset;
import io.mic.core.data.FieldData;
import io.mic.models.tf.EmbeddingRows;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Frozen per-item feature vectors of one modality, {@code numItems x dim} row-major: what the
 * adapters of {@code missrec} and {@code sasrec} read. A {@code DENSE} item field (precomputed
 * text/image vectors) is used as it is; a {@code TEXT} field is encoded here by the dependency-free
 * fallback: hashed unigram + bigram TF-IDF (log-scaled term frequency), projected to {@code dim} by
 * a seeded Gaussian random projection and L2-normalised.
 *
 * <p>Merge note: the runtime's item-feature SPI (issue 18: feature files, MiniLM, its own hashed
 * fallback) was not on main when this was written; this class is the stop-gap the model reads
 * until it can take its features from there.
 *
 * <p>Immutable; a read-only {@link EmbeddingRows} so export graphs can hold it as a table.
 */
final class ItemFeatures implements EmbeddingRows {
    private static final int BUCKETS = 1 << 18;
    private final String name;
    private final float[] values;
    private final int dim;

    ItemFeatures(String name, float[] values, int dim) {
        if (dim < 1 || values.length % dim != 0) {
            throw new IllegalArgumentException("features '" + name + "': " + values.length + " values are not rows of width " + dim);
        }
        this.name = name;
        this.values = values;
        this.dim = dim;
    }

    /**
     * The item fields {@code names} of {@code d} (all TEXT and DENSE item fields when empty), one
     * modality each, in order.
     */
    static List<ItemFeatures> of(Dataset d, List<String> names, int textDim, long seed) {
        List<FieldData> fields = new ArrayList<>();
        if (names.isEmpty()) {
            for (FieldData f : d.itemFields()) {
                if (f instanceof FieldData.Text || f instanceof FieldData.Dense) {
                    fields.add(f);
                }
            }
        } else {
            for (String n : names) {
                FieldData f = d.itemField(n).orElseThrow(() -> new IllegalArgumentException("feature field '" + n + "' is not an item field of "
                        + d.name() + " (item fields: " + d.itemFields().stream().map(FieldData::name).toList() + ")"));
                if (!(f instanceof FieldData.Text || f instanceof FieldData.Dense)) {
                    throw new IllegalArgumentException("feature field '" + n + "' is " + f.kind() + ", not TEXT or DENSE");
                }
                fields.add(f);
            }
        }
        List<ItemFeatures> out = new ArrayList<>();
        for (FieldData f : fields) {
            if (f instanceof FieldData.Dense dense) {
                out.add(new ItemFeatures("features/" + f.name(), dense.values(), dense.dim()));
            } else {
                out.add(new ItemFeatures("features/" + f.name(), hashText(((FieldData.Text) f).values(), textDim, seed), textDim));
            }
        }
        return out;
    }

    /** The hashed TF-IDF + random projection encoding of {@code texts} (one row each; empty text: a zero row). */
    static float[] hashText(String[] texts, int dim, long seed) {
        List<Map<Integer, Integer>> docs = new ArrayList<>(texts.length);
        int[] df = new int[BUCKETS];
        for (String t : texts) {
            Map<Integer, Integer> tf = new HashMap<>();
            String[] w = (t == null ? "" : t).toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+");
            String prev = null;
            for (String tok : w) {
                if (tok.isEmpty()) {
                    continue;
                }
                tf.merge(bucket("u:" + tok), 1, Integer::sum);
                if (prev != null) {
                    tf.merge(bucket("b:" + prev + " " + tok), 1, Integer::sum);
                }
                prev = tok;
            }
            for (int b : tf.keySet()) {
                df[b]++;
            }
            docs.add(tf);
        }
        float[] out = new float[texts.length * dim];
        double n = texts.length;
        for (int r = 0; r < texts.length; r++) {
            double[] acc = new double[dim];
            for (Map.Entry<Integer, Integer> e : docs.get(r).entrySet()) {
                double weight = (1 + Math.log(e.getValue())) * Math.log((1 + n) / (1 + df[e.getKey()]));
                long h = mix(seed ^ (e.getKey() * 0x9E3779B97F4A7C15L));
                for (int c = 0; c < dim; c++) {
                    h = mix(h + c);
                    acc[c] += weight * gaussian(h);
                }
            }
            double norm = 0;
            for (double v : acc) {
                norm += v * v;
            }
            norm = Math.sqrt(norm);
            for (int c = 0; c < dim && norm > 0; c++) {
                out[r * dim + c] = (float) (acc[c] / norm);
            }
        }
        return out;
    }

    private static int bucket(String s) {
        return (int) (mix(s.hashCode() * 0xC2B2AE3D27D4EB4FL) >>> 46); // top 18 bits
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A standard normal from 64 random bits (Box-Muller on the two halves). */
    private static double gaussian(long h) {
        double u1 = ((h >>> 40) + 0.5) / (1L << 24);
        double u2 = ((h & 0xFFFFFFL) + 0.5) / (1L << 24);
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int rows() {
        return values.length / dim;
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public void read(int id, float[] out, int off) {
        System.arraycopy(values, id * dim, out, off, dim);
    }

    /** The values (row-major); read-only for callers. */
    float[] values() {
        return values;
    }
}
