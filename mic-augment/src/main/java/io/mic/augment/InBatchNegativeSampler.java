package io.mic.augment;

import io.mic.core.data.UserItemSet;
import io.mic.core.data.WarmItems;
import io.mic.spi.Column;
import io.mic.spi.MetricsSink;
import io.mic.spi.Sampler;
import io.mic.spi.Samples;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Negatives taken from the other rows of the same batch: each slot picks a uniformly random other
 * row (with replacement), so an id is drawn in proportion to its frequency in the batch, the same
 * popularity bias in-batch softmax has. A pick equal to the row's own positive (the same item in
 * two rows) or {@link Column#MISSING} is redrawn up to {@link WarmItems#SAMPLER_MAX_DRAWS} times; a slot still
 * unfilled (a batch of one row, or of one id) is {@code MISSING}. With {@code exclusion} (the
 * default, {@code exclude_train_items}) a pick in the row user's training items (target user: the
 * row item's training users) is redrawn as well; when every draw hits that set the last pick other
 * than the positive is accepted and counted in {@code sampler.in-batch-negative.capped}. Stateless.
 * It never returns a cold item ({@code cold_items}): it picks among the batch's ids, which are
 * training interactions, and a cold item has none.
 */
final class InBatchNegativeSampler implements Sampler {

    private final int perRow;
    private final Samples.Target target;
    private final UserItemSet exclusion;
    private final MetricsSink metrics;

    InBatchNegativeSampler(int perRow, Samples.Target target, UserItemSet exclusion, MetricsSink metrics) {
        this.perRow = perRow;
        this.target = target;
        this.exclusion = exclusion;
        this.metrics = metrics;
    }

    @Override
    public Optional<Role> role() {
        return Optional.of(new Role(target, false, perRow));
    }

    @Override
    public Samples sample(int[] users, int[] items, RandomGenerator random) {
        int[] own = Params.own(target, users, items);
        int[] key = Params.other(target, users, items);
        int n = own.length;
        int[] out = new int[n * perRow];
        int capped = 0;
        for (int r = 0, o = 0; r < n; r++) {
            int positive = own[r];
            for (int j = 0; j < perRow; j++, o++) {
                int s = Column.MISSING;
                int fallback = Column.MISSING;
                for (int attempt = 0; n > 1 && attempt < WarmItems.SAMPLER_MAX_DRAWS; attempt++) {
                    int other = random.nextInt(n - 1);
                    int c = own[other >= r ? other + 1 : other];
                    if (c == positive || c == Column.MISSING) {
                        continue;
                    }
                    if (exclusion == null || !exclusion.contains(key[r], c)) {
                        s = c;
                        break;
                    }
                    fallback = c;
                }
                if (s == Column.MISSING && fallback != Column.MISSING) {
                    s = fallback;
                    capped++;
                }
                out[o] = s;
            }
        }
        if (capped > 0) {
            metrics.count("sampler.in-batch-negative.capped", capped);
        }
        return new Samples(out, perRow, target, false);
    }

    @Override
    public String toString() {
        return "in-batch-negative[target=" + Params.label(target) + ", per_row=" + perRow + ", exclude_train_items=" + (exclusion != null) + "]";
    }
}
