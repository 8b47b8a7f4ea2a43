package io.mic.core.run;

import io.mic.core.config.LoadedConfig;
import io.mic.core.config.proto.DatasetConfig;
import io.mic.core.config.proto.DelimitedConfig;
import io.mic.core.config.proto.SyntheticConfig;
import io.mic.core.data.Dataset;
import io.mic.core.data.DelimitedLoader;
import io.mic.core.data.DelimitedSpec;
import io.mic.core.data.Duplicates;
import io.mic.core.data.MovieLensLoader;
import io.mic.core.data.RecBoleAtomicLoader;
import io.mic.core.data.SyntheticDataset;
import io.mic.core.data.SyntheticSpec;
import io.mic.core.data.UniSRecLoader;
import java.io.IOException;
import java.nio.file.Path;

/** Turns the {@code dataset} section of a run config into a loaded {@link Dataset}. */
public final class DatasetSource {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DatasetSource.class);

    private DatasetSource() {
    }

    /**
     * Loads the configured dataset. {@code pathOverride} (from the command line) replaces
     * {@code dataset.path} when non-null.
     */
    public static Dataset load(LoadedConfig lc, long seed, Path pathOverride) throws IOException {
        return loadReport(lc, seed, pathOverride).dataset();
    }

    /**
     * The loaded dataset and what loading changed in it.
     *
     * @param duplicates repeated (user, item) rows found
     * @param dropped    rows removed by the {@code dataset.duplicates} policy
     * @param policy     that policy
     */
    public record Report(Dataset dataset, int duplicates, int dropped, Duplicates.Policy policy) {
    }

    /** {@link #load} with the duplicate count (logged as a warning when not zero). */
    public static Report loadReport(LoadedConfig lc, long seed, Path pathOverride) throws IOException {
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
        Duplicates.Policy policy = switch (d.getDuplicates()) {
            case REFUSE_DUPLICATES -> Duplicates.Policy.REFUSE;
            case KEEP_ALL_DUPLICATES -> Duplicates.Policy.KEEP_ALL;
            default -> Duplicates.Policy.KEEP_LATEST;
        };
        Duplicates.Result dr = Duplicates.apply(ds, policy, interactionSource(d, path));
        if (dr.found() > 0) {
            LOG.warn("{}: {} duplicate (user, item) rows {} (dataset.duplicates: {})", interactionSource(d, path), dr.found(),
                    dr.dropped() > 0 ? "removed, the latest of each pair kept" : "kept", d.getDuplicates());
        }
        return new Report(dr.dataset(), dr.found(), dr.dropped(), policy);
    }

    /** The interaction file(s) of the format, for messages. */
    private static String interactionSource(DatasetConfig d, Path path) {
        return switch (d.getFormat()) {
            case MOVIELENS_1M -> path + "/ratings.dat";
            case MOVIELENS_100K -> path + "/u.data";
            case RECBOLE_ATOMIC -> path + "/" + (d.getPrefix().isEmpty() ? path.getFileName() : d.getPrefix()) + ".inter";
            case UNISREC -> path + "/*.inter";
            case SYNTHETIC -> "synthetic dataset";
            default -> String.valueOf(path);
        };
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
