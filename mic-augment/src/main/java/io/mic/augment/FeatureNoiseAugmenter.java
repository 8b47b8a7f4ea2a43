package io.mic.augment;

import io.mic.spi.Augmenter;
import io.mic.spi.Column;
import io.mic.spi.FeatureBatch;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MISSRec-style feature augmentation: adds independent {@code N(0, sigma²)} noise to every value
 * of the chosen dense columns (precomputed text or image features). One Gaussian draw per value,
 * columns in the batch's column order. Thread-safe.
 *
 * <p>With no {@code columns} given it perturbs every dense column; a batch without any passes through
 * unchanged, and the first such batch logs one warning naming the augmenter and what it looked for
 * (a config that adds feature noise to a dataset without feature columns is almost always a mistake).
 */
final class FeatureNoiseAugmenter implements Augmenter {
    private static final Logger LOG = LoggerFactory.getLogger(FeatureNoiseAugmenter.class);
    private final double sigma;
    private final List<String> columns;
    private final AtomicBoolean warned = new AtomicBoolean();

    /** @param columns the dense columns to perturb, or {@code null} for every dense column */
    FeatureNoiseAugmenter(double sigma, List<String> columns) {
        this.sigma = sigma;
        this.columns = columns == null ? null : List.copyOf(columns);
    }

    @Override
    public FeatureBatch augment(FeatureBatch batch, RandomGenerator random) {
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(random, "random");
        if (columns != null) {
            for (String name : columns) {
                Column c = batch.column(name);
                if (c == null) {
                    throw new IllegalArgumentException("feature-noise: 'columns' names column '" + name
                            + "', which the batch does not have; batch columns: " + batch.names());
                }
                if (!(c instanceof Column.Dense)) {
                    throw new IllegalArgumentException("feature-noise: column '" + name + "' is " + c.getClass().getSimpleName()
                            + ", not Dense");
                }
            }
        }
        if (columns == null && batch.columns().values().stream().noneMatch(c -> c instanceof Column.Dense)
                && warned.compareAndSet(false, true)) {
            LOG.warn("augmenter {}: the batch has no dense feature column (columns: {}), so it changes nothing; "
                    + "give the dataset item features or remove the augmenter", this, batch.names());
        }
        if (sigma == 0) {
            return batch;
        }
        Map<String, Column> out = new LinkedHashMap<>(batch.columns());
        for (Map.Entry<String, Column> e : batch.columns().entrySet()) {
            if (!(e.getValue() instanceof Column.Dense dense) || (columns != null && !columns.contains(e.getKey()))) {
                continue;
            }
            float[] v = dense.values().clone();
            for (int i = 0; i < v.length; i++) {
                v[i] += (float) (sigma * random.nextGaussian());
            }
            out.put(e.getKey(), new Column.Dense(v, dense.dim()));
        }
        return FeatureBatch.of(batch.size(), out);
    }

    @Override
    public String toString() {
        return "feature-noise[sigma=" + sigma + ", columns=" + (columns == null ? "(all dense)" : columns) + "]";
    }
}
