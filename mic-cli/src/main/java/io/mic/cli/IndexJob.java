package io.mic.cli;

import io.mic.core.config.LoadedConfig;
import io.mic.core.data.DataSplit;
import io.mic.core.data.Dataset;
import io.mic.core.data.InteractionMatrix;
import io.mic.core.registry.PluginKind;
import io.mic.core.registry.PluginRegistry;
import io.mic.core.registry.SeededPluginContext;
import io.mic.core.run.Experiment;
import io.mic.retrieval.serve.PluginRef;
import io.mic.retrieval.serve.RunInputs;
import io.mic.retrieval.serve.ServingArtifacts;
import io.mic.spi.Column;
import io.mic.spi.MetricsSink;
import io.mic.spi.Progress;
import io.mic.spi.Schema;
import io.mic.spi.VectorIndex;
import io.mic.spi.VectorIndexFactory;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batch job behind {@code mic index}: reloads and re-splits the run's data exactly as the run
 * did (same config, seed and dataset path), then builds one model's serving artifacts from the
 * vectors the run wrote.
 *
 * <p>History (and the seen items a Recommender excludes) = the train and validation interactions,
 * i.e. everything before the test interaction, most recent first. Recency: by timestamp when the
 * data has timestamps (leave-one-out splits always do); otherwise source order, the last listed
 * being the most recent (ml-1m's shared {@code ratings_uir.dat} has no timestamps: for it "recent"
 * means "listed last in the file among the user's train+valid interactions").
 */
final class IndexJob {
    private static final Logger LOG = LoggerFactory.getLogger(IndexJob.class);

    private IndexJob() {
    }

    /** Split and data of a run, loaded once for index building and channel evaluation. */
    record Loaded(RunDirectory run, LoadedConfig config, DataSplit split, InteractionMatrix history) {
        Dataset dataset() {
            return split.dataset();
        }
    }

    static Loaded load(RunDirectory run, PluginRegistry registry, Path dataOverride) throws IOException {
        LoadedConfig lc = run.config();
        Experiment exp = new Experiment(lc, registry, Progress.NOOP, MetricsSink.NOOP);
        DataSplit split = exp.loadAndSplit(dataOverride != null ? dataOverride : run.datasetPath());
        Dataset ds = split.dataset();
        if (ds.numUsers() != run.manifest().getUsers() || ds.numItems() != run.manifest().getItems()) {
            throw new IllegalArgumentException("the data now has " + ds.numUsers() + " users and " + ds.numItems()
                    + " items after the protocol, the run had " + run.manifest().getUsers() + " and " + run.manifest().getItems()
                    + ": not the data the run was trained on (--data PATH to point at it)");
        }
        return new Loaded(run, lc, split, RunInputs.history(split));
    }

    /** Builds {@code <run>/serving/<label>/} (replacing an older build). */
    static ServingArtifacts build(Loaded l, String label, PluginRegistry registry, int m1, int m3, int threads) throws IOException {
        long t0 = System.nanoTime();
        PluginRef ref = RunInputs.indexPlugin(l.config());
        VectorIndexFactory f = registry.factory(PluginKind.VECTOR_INDEX, ref.name(), ref.origin().isEmpty() ? "default index" : ref.origin());
        Dataset ds = l.dataset();
        SeededPluginContext ctx = SeededPluginContext.of(Schema.of(ds.numUsers(), ds.numItems()), 0L, MetricsSink.NOOP);
        String where = ref.origin().isEmpty() ? "mic index (default index)" : ref.origin();
        java.util.function.Supplier<VectorIndex> newIndex = () -> registry.create(PluginKind.VECTOR_INDEX, ref.config(), ctx, where);
        String order = ds.hasTimestamps() ? "timestamp" : "source-order";
        String plugin = io.mic.core.io.EmbeddingExport.open(l.run().vectorsDir(label), false).manifest().getModelName();
        int[][] own = RunInputs.itemNeighbors(l.run().dir(), label, ds.numItems());
        ServingArtifacts a = ServingArtifacts.write(l.run().servingDir(label), l.run().vectorsDir(label), l.history(), RunInputs.categories(ds),
                newIndex, PluginRegistry.idOf(f).toString(), new ServingArtifacts.Spec(label, plugin, l.run().dir().getFileName().toString(),
                        m1, m3, order, "train+valid", threads), System.currentTimeMillis(), ServingArtifacts.LOCAL_TABLES, own);
        LOG.info("serving artifacts of {} in {} ms: {} (similar items: {})", label, (System.nanoTime() - t0) / 1_000_000, a.dir(),
                own != null ? "the model's own neighbour lists" : "kNN over the item vectors");
        return a;
    }
}
