package io.mic.models.missrec;

import io.mic.core.data.Dataset;
import io.mic.core.data.FieldData;
import io.mic.core.features.HashedNgramEncoder;
import io.mic.core.features.ItemTexts;
import io.mic.models.tf.tables.EmbeddingRows;
import io.mic.spi.ItemFeatureSource;
import io.mic.spi.Progress;
import io.mic.spi.Vectors;
import java.util.ArrayList;
import java.util.List;

/**
 * Frozen per-item feature vectors of one modality, {@code numItems x dim} row-major: what the
 * adapters of {@code missrec} and {@code sasrec} read. A {@code DENSE} item field (precomputed
 * text/image vectors) is used as it is; a {@code TEXT} field is encoded by the runtime's
 * dependency-free {@link HashedNgramEncoder} (character 3-5-grams, TF-IDF, random projection),
 * unless an item-feature source is given ({@code features_source}, e.g. {@code minilm}): then that
 * source encodes each item's whole text ({@link ItemTexts#of}: every TEXT field and the
 * multi-categorical fields) into one {@code text} modality, and only DENSE fields add modalities.
 *
 * <p>Immutable; a read-only {@link EmbeddingRows} so export graphs can hold it as a table.
 */
final class FrozenFeatures implements EmbeddingRows {
    private final String name;
    private final float[] values;
    private final int dim;

    FrozenFeatures(String name, float[] values, int dim) {
        if (dim < 1 || values.length % dim != 0) {
            throw new IllegalArgumentException("features '" + name + "': " + values.length + " values are not rows of width " + dim);
        }
        this.name = name;
        this.values = values;
        this.dim = dim;
    }

    /**
     * The item fields {@code names} of {@code d} (all TEXT and DENSE item fields when empty), one
     * modality each, in order; with a {@code source}, TEXT fields are not encoded one by one: the
     * source's vectors of every item's text ({@link ItemTexts#of}) come first as one modality
     * {@code features/<sourceName>}, then the selected DENSE fields.
     */
    static List<FrozenFeatures> of(Dataset d, List<String> names, int textDim, long seed, ItemFeatureSource source, String sourceName) {
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
        List<FrozenFeatures> out = new ArrayList<>();
        if (source != null) {
            String[] ids = ItemTexts.ids(d);
            Vectors v = source.features(ids, ItemTexts.of(d), Progress.NOOP);
            if (v.values().length != (long) ids.length * v.dim()) {
                throw new IllegalArgumentException("item-features source '" + sourceName + "' returned " + v.values().length + " values for "
                        + ids.length + " items of width " + v.dim());
            }
            out.add(new FrozenFeatures("features/" + sourceName, v.values(), v.dim()));
        }
        for (FieldData f : fields) {
            if (f instanceof FieldData.Dense dense) {
                out.add(new FrozenFeatures("features/" + f.name(), dense.values(), dense.dim()));
            } else if (source == null) {
                Vectors v = new HashedNgramEncoder(textDim, 3, 5, 1 << 20, seed).features(ItemTexts.ids(d), ((FieldData.Text) f).values(), Progress.NOOP);
                out.add(new FrozenFeatures("features/" + f.name(), v.values(), textDim));
            }
        }
        return out;
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
