package io.mic.models.tf.features;

import io.mic.core.features.ItemFeatures;
import io.mic.models.tf.tables.EmbeddingRows;
import io.mic.spi.Vectors;

/**
 * Frozen dense item features (text or image embeddings from an
 * {@link io.mic.spi.ItemFeatureSource}) as a read-only table: row = internal item id. A
 * graph looks rows up like any table ({@code gb.table(features).lookup(...)}, sequences included),
 * the batch's rows are fed per step, and a training graph computes no gradient for them and never
 * writes them (see {@link io.mic.models.tf.GraphBuilder#build}); a trainable
 * {@link FeatureAdapter} maps them into the model's space.
 *
 * <p>Immutable after construction (the array is copied in); any number of concurrent readers.
 */
public final class FeatureTable implements EmbeddingRows {
    private final String name;
    private final float[] values;
    private final int rows;
    private final int dim;

    /** Copies {@code values} ({@code rows x dim}, row-major). */
    public FeatureTable(String name, float[] values, int dim) {
        if (dim <= 0 || values.length % dim != 0) {
            throw new IllegalArgumentException("feature table '" + name + "': " + values.length + " values is not a multiple of dim " + dim);
        }
        this.name = name;
        this.values = values.clone();
        this.rows = values.length / dim;
        this.dim = dim;
    }

    /** One row per entity of {@code v}. */
    public static FeatureTable of(String name, Vectors v) {
        return new FeatureTable(name, v.values(), v.dim());
    }

    /**
     * Rows in internal-id order: row {@code i} is the feature of {@code ids[i]} (the dataset's
     * external item ids, e.g. {@code ItemTexts.ids(dataset)}), looked up in {@code features}.
     *
     * @throws IllegalArgumentException naming the first id without features
     */
    public static FeatureTable of(String name, ItemFeatures features, String[] ids) {
        int d = features.dim();
        float[] v = new float[ids.length * d];
        for (int i = 0; i < ids.length; i++) {
            int r = features.rowOf(ids[i]);
            if (r < 0) {
                throw new IllegalArgumentException("feature table '" + name + "': no features for item '" + ids[i] + "'");
            }
            features.copyRow(r, v, i * d);
        }
        return new FeatureTable(name, v, d);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public void read(int id, float[] out, int off) {
        System.arraycopy(values, id * dim, out, off, dim);
    }
}
