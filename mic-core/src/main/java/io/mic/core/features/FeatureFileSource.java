package io.mic.core.features;

import io.mic.spi.ItemFeatureSource;
import io.mic.spi.Progress;
import io.mic.spi.Vectors;
import java.nio.file.Path;

/**
 * Features read from a precomputed feature file ({@link FeatureFile}): how vectors computed
 * elsewhere (BERT, CLIP, ViT...) come in. Keyed by external item id; an id missing from the file is
 * an error naming the id and the file. Thread-safe (the table is immutable).
 */
public final class FeatureFileSource implements ItemFeatureSource {
    private final Path file;
    private final ItemFeatures table;

    public FeatureFileSource(Path file, ItemFeatures table) {
        this.file = file;
        this.table = table;
    }

    @Override
    public int dim() {
        return table.dim();
    }

    @Override
    public Vectors features(String[] ids, String[] texts, Progress progress) {
        int d = table.dim();
        float[] out = new float[ids.length * d];
        progress.start("features from " + file.getFileName(), ids.length);
        for (int i = 0; i < ids.length; i++) {
            int r = table.rowOf(ids[i]);
            if (r < 0) {
                throw new IllegalArgumentException(file + ": no features for item '" + ids[i] + "' (the file has " + table.rows() + " items)");
            }
            table.copyRow(r, out, i * d);
        }
        progress.step(ids.length);
        progress.done();
        return Vectors.of(out, d);
    }

    /** The whole table. */
    public ItemFeatures table() {
        return table;
    }
}
