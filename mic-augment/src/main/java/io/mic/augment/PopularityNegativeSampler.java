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
 * Random negatives drawn from a fixed popularity distribution ({@code count^alpha}, built once
 * from the training split), never equal to the row's own positive: a draw that hits it is redrawn,
 * up to {@link WarmItems#SAMPLER_MAX_DRAWS} times, which samples exactly from the distribution restricted to the
 * other ids. A slot still unfilled after that (only possible when the positive holds nearly all
 * the mass) is {@link Column#MISSING} and counted in {@code sampler.popularity-negative.exhausted}.
 *
 * <p>With {@code exclusion} (the default, {@code exclude_train_items}) a draw that is one of the
 * row user's training items (target user: one of the row item's training users) is redrawn too,
 * which samples from the distribution restricted to the ids the user has not interacted with.
 * When all {@link WarmItems#SAMPLER_MAX_DRAWS} draws hit the user's set (a user holding nearly all the mass), the
 * last draw other than the positive is accepted and counted in
 * {@code sampler.popularity-negative.capped}.
 *
 * <p>O(1) per draw (alias method) plus O(log n_u) per exclusion check. Keeps no per-batch state;
 * the trainer's thread owns it.
 */
final class PopularityNegativeSampler implements Sampler {

    private final AliasTable table;
    private final int perRow;
    private final Samples.Target target;
    private final MetricsSink metrics;
    private final UserItemSet exclusion;

    PopularityNegativeSampler(AliasTable table, int perRow, Samples.Target target, UserItemSet exclusion, MetricsSink metrics) {
        this.table = table;
        this.exclusion = exclusion;
        this.perRow = perRow;
        this.target = target;
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
        int[] out = new int[own.length * perRow];
        int exhausted = 0;
        int capped = 0;
        for (int r = 0, o = 0; r < own.length; r++) {
            int positive = own[r];
            for (int j = 0; j < perRow; j++, o++) {
                int s = Column.MISSING;
                int fallback = Column.MISSING;
                for (int attempt = 0; attempt < WarmItems.SAMPLER_MAX_DRAWS; attempt++) {
                    int c = table.next(random);
                    if (c == positive) {
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
                if (s == Column.MISSING) {
                    exhausted++;
                }
                out[o] = s;
            }
        }
        if (exhausted > 0) {
            metrics.count("sampler.popularity-negative.exhausted", exhausted);
        }
        if (capped > 0) {
            metrics.count("sampler.popularity-negative.capped", capped);
        }
        return new Samples(out, perRow, target, false);
    }

    /** The sampling table, for tests. */
    AliasTable table() {
        return table;
    }

    @Override
    public String toString() {
        return "popularity-negative[target=" + Params.label(target) + ", per_row=" + perRow + ", ids=" + table.size()
                + ", exclude_train_items=" + (exclusion != null) + "]";
    }
}
