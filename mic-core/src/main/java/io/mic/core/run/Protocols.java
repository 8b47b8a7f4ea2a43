package io.mic.core.run;

import io.mic.core.config.LoadedConfig;
import io.mic.core.config.proto.ColdItemsConfig;
import io.mic.core.config.proto.FilterConfig;
import io.mic.core.config.proto.RunConfig;
import io.mic.core.config.proto.SplitConfig;
import io.mic.core.data.DataSplit;
import io.mic.core.data.Dataset;
import io.mic.core.data.DatasetFilter;
import io.mic.core.data.Splitter;
import io.mic.core.eval.ClickProtocol;

/**
 * Evaluation protocol presets, so numbers compare with published ones:
 * <ul>
 * <li>{@code RECBOLE_GENERAL}: ratings &ge; 3 kept, iterative 10-core on users and items, per-user
 * seeded random 80/10/10 (RecBole's {@code RS: [0.8, 0.1, 0.1]}), full ranking;</li>
 * <li>{@code RECBOLE_DEFAULT}: the same split with no threshold and no filtering;</li>
 * <li>{@code LEAVE_ONE_OUT}: time-ordered, last interaction test, second last valid;</li>
 * <li>{@code GIVEN_SPLIT}: the dataset's own split;</li>
 * <li>{@code CUSTOM}: {@code filter} and {@code split} from the config;</li>
 * <li>{@code KG_CLICK}: click prediction of the KG literature ({@link ClickProtocol}).</li>
 * </ul>
 */
public final class Protocols {
    private static final double[] RECBOLE_RATIOS = {0.8, 0.1, 0.1};

    private Protocols() {
    }

    /** The filter the config's protocol applies. */
    public static DatasetFilter filter(RunConfig c) {
        switch (c.getProtocol()) {
            case RECBOLE_GENERAL:
                return new DatasetFilter(3.0, 10, 10, true);
            case CUSTOM:
                FilterConfig f = c.getFilter();
                return new DatasetFilter(f.hasMinRating() ? f.getMinRating() : null, f.getMinUserInteractions(), f.getMinItemInteractions(),
                        !f.hasIterative() || f.getIterative());
            default:
                return DatasetFilter.none();
        }
    }

    /**
     * Filters and splits {@code ds} as the config's protocol says, then holds out the cold items when
     * the config has {@code cold_items} ({@link Splitter#holdOutItems}; seed: {@code cold_items.seed},
     * else {@code seed}).
     */
    public static DataSplit split(LoadedConfig lc, Dataset ds, long seed) {
        DataSplit s = protocolSplit(lc, ds, seed);
        RunConfig c = lc.config();
        if (!c.hasColdItems()) {
            return s;
        }
        ColdItemsConfig cold = c.getColdItems(); // share and protocol checked by RunConfigValidator
        return Splitter.holdOutItems(s, cold.getShare(), cold.hasSeed() ? cold.getSeed() : seed);
    }

    private static DataSplit protocolSplit(LoadedConfig lc, Dataset ds, long seed) {
        RunConfig c = lc.config();
        Dataset filtered = filter(c).apply(ds);
        switch (c.getProtocol()) {
            case RECBOLE_GENERAL:
            case RECBOLE_DEFAULT:
                return relabel(Splitter.randomRatio(filtered, RECBOLE_RATIOS, seed), c.getProtocol().name());
            case LEAVE_ONE_OUT:
                return relabel(Splitter.leaveLastOut(filtered), "LEAVE_ONE_OUT");
            case GIVEN_SPLIT:
                return relabel(Splitter.given(filtered), "GIVEN_SPLIT");
            case CUSTOM:
                return custom(lc, c.getSplit(), filtered, seed);
            case KG_CLICK:
                return ClickProtocol.split(filtered, seed);
            default:
                throw lc.error("protocol", "unsupported protocol " + c.getProtocol());
        }
    }

    private static DataSplit custom(LoadedConfig lc, SplitConfig s, Dataset ds, long seed) {
        double[] ratios = s.getRatiosCount() == 0 ? RECBOLE_RATIOS : new double[] {s.getRatios(0), s.getRatios(1), s.getRatios(2)};
        switch (s.getKind()) {
            case LEAVE_LAST_OUT:
                return Splitter.leaveLastOut(ds);
            case TIME_RATIO:
                return Splitter.timeRatio(ds, ratios);
            case RANDOM_RATIO:
                return Splitter.randomRatio(ds, ratios, seed);
            case GIVEN:
                return Splitter.given(ds);
            default:
                throw lc.error("split.kind", "unsupported split " + s.getKind());
        }
    }

    private static DataSplit relabel(DataSplit s, String protocol) {
        return new DataSplit(s.dataset(), s.train(), s.valid(), s.test(), protocol.toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    }
}
