package io.mic.core.run;

import io.mic.core.config.LoadedConfig;
import io.mic.core.config.proto.DatasetConfig;
import io.mic.core.config.proto.DelimitedConfig;
import io.mic.core.config.proto.SyntheticConfig;
import io.mic.core.data.Dataset;
import io.mic.core.data.DelimitedLoader;
import io.mic.core.data.DelimitedSpec;
import io.mic.core.data.MovieLensLoader;
import io.mic.core.data.RecBoleAtomicLoader;
import io.mic.core.data.SyntheticDataset;
import io.mic.core.data.SyntheticSpec;
import io.mic.core.data.UniSRecLoader;
import java.io.IOException;
import java.nio.file.Path;

/** Turns the {@code dataset} section of a run config into a loaded {@link Dataset}. */
public final class DatasetSource {
    private DatasetSource() {
    }

    /**
     * Loads the configured dataset. {@code pathOverride} (from the command line) replaces
     * {@code dataset.path} when non-null.
     */
    public static Dataset load(LoadedConfig lc, long seed, Path pathOverride) throws IOException {
        DatasetConfig d = lc.config().getDataset();
        Path path = pathOverride != null ? pathOverride : d.getPath().isEmpty() ? null : lc.resolve(d.getPath());
        Dataset ds;
        switch (d.getFormat()) {
            case MOVIELENS_1M:
                ds = MovieLensLoader.load1m(path);
                break;
            case MOVIELENS_100K:
                ds = MovieLensLoader.load100k(path);
                break;
            case UNISREC:
                ds = UniSRecLoader.load(path, d.getPrefix().isEmpty() ? null : d.getPrefix());
                break;
            case RECBOLE_ATOMIC:
                ds = RecBoleAtomicLoader.load(path, d.getPrefix().isEmpty() ? path.getFileName().toString() : d.getPrefix());
                break;
            case DELIMITED:
                DelimitedConfig dl = d.getDelimited();
                ds = DelimitedLoader.load(path, new DelimitedSpec(dl.getSeparator().isEmpty() ? "," : dl.getSeparator(), dl.getHasHeader(),
                        dl.getUserColumn(), dl.getItemColumn(), emptyToNull(dl.getRatingColumn()), emptyToNull(dl.getTimestampColumn())));
                break;
            case SYNTHETIC:
                ds = SyntheticDataset.generate(synthetic(d.getSynthetic()), seed);
                break;
            default:
                throw lc.error("dataset.format", "unsupported format " + d.getFormat());
        }
        if (d.getImplicit() || !d.getName().isEmpty()) {
            ds = new Dataset(d.getName().isEmpty() ? ds.name() : d.getName(), ds.users(), ds.items(), ds.userColumn(), ds.itemColumn(),
                    d.getImplicit() ? null : ds.ratings(), ds.timestamps(), ds.splitTags(), ds.userFields(), ds.itemFields());
        }
        return ds;
    }

    /** The synthetic generator's settings, defaults filled in. */
    public static SyntheticSpec synthetic(SyntheticConfig s) {
        SyntheticSpec def = SyntheticSpec.defaults();
        return new SyntheticSpec(
                s.hasUsers() ? s.getUsers() : def.users(),
                s.hasItems() ? s.getItems() : def.items(),
                s.hasGroups() ? s.getGroups() : def.groups(),
                s.hasInteractionsPerUser() ? s.getInteractionsPerUser() : def.interactionsPerUser(),
                s.hasInGroupProbability() ? s.getInGroupProbability() : def.inGroupProbability(),
                s.hasPopularityExponent() ? s.getPopularityExponent() : def.popularityExponent());
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }
}
