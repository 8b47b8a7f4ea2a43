package io.mic.spark;

import io.mic.core.data.InteractionMatrix;
import io.mic.core.registry.PluginKind;
import io.mic.core.registry.PluginRegistry;
import io.mic.core.registry.SeededPluginContext;
import io.mic.retrieval.serve.PluginRef;
import io.mic.retrieval.serve.ServingArtifacts;
import io.mic.spi.MetricsSink;
import io.mic.spi.Schema;
import io.mic.spi.VectorIndex;
import io.mic.spi.VectorIndexFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code mic index} on Apache Spark: builds one model's serving artifacts from its embedding export
 * and history, with the neighbour searches distributed over a Spark cluster ({@link SparkTables}).
 *
 * <p>A thin adapter: the item index is built by the configured {@code VectorIndex} plugin on the
 * driver, and the artifacts (copied vectors, saved index, versioned tables, categories, checksummed
 * {@code serving.pb}) are written by {@link ServingArtifacts#write} itself, the code {@code mic index}
 * runs; only the table step differs. So {@code mic serve} and {@code mic recommend} read the result
 * as they read {@code mic index}'s.
 */
public final class SparkIndexJob {
    private SparkIndexJob() {
    }

    /**
     * What to build.
     *
     * @param index      the index plugin and its parameters (as a run config's {@code retrieval.index})
     * @param spec       what the manifest records (model, run, M1, M3, history order); {@code threads}
     *                   is the driver's threads for its own index builds
     * @param partitions partitions of the user and item rows (tasks per neighbour table)
     * @param version    the version stamped on the tables (the single-JVM job uses epoch millis)
     * @param partsDir   where the tasks write their neighbour-table part files (a temporary directory
     *                   is made inside it per table and deleted once the driver has mapped the parts);
     *                   on a cluster it must be on a file system the executors write and the driver
     *                   reads. Null: inside the staged artifacts directory, beside the saved index
     * @param indexFiles how the tasks get the item and user indexes: null = by the master (the driver's own
     *                   objects under {@code local[N]}, where tasks share its JVM; else the saved index files,
     *                   which like the part files must then be on a file system every executor reads),
     *                   true = always the saved files, false = always the driver's objects (local masters only)
     */
    public record Settings(PluginRef index, ServingArtifacts.Spec spec, int partitions, long version, Path partsDir, Boolean indexFiles) {
        /** Part files inside the staged artifacts directory; index handoff by the master. */
        public Settings(PluginRef index, ServingArtifacts.Spec spec, int partitions, long version) {
            this(index, spec, partitions, version, null, null);
        }

        /** Index handoff by the master. */
        public Settings(PluginRef index, ServingArtifacts.Spec spec, int partitions, long version, Path partsDir) {
            this(index, spec, partitions, version, partsDir, null);
        }

        BroadcastIndex.Handoff handoff() {
            return indexFiles == null ? BroadcastIndex.Handoff.AUTO : indexFiles ? BroadcastIndex.Handoff.FILES : BroadcastIndex.Handoff.JVM;
        }
    }

    /** The written artifacts and the time and peak heap of each stage. */
    public record Result(ServingArtifacts artifacts, List<StageTimer.Stage> stages) {
    }

    /**
     * Builds the artifacts into {@code target} (replaced whole, atomically).
     *
     * @param vectorsDir the model's embedding export (sets {@code users}, {@code items}); read by the
     *                   executors too, so on a cluster it must be on a shared file system
     * @param history    each user's interactions in recency order (oldest first), as {@code mic index} takes them
     * @param categories category of each item ({@code -1} = none)
     */
    public static Result write(JavaSparkContext sc, Path target, Path vectorsDir, InteractionMatrix history, int[] categories,
            Settings settings) throws IOException {
        return write(sc, target, vectorsDir, history, categories, settings, null);
    }

    /**
     * Same, with the model's own item neighbour lists ({@code neighbors/<label>.txt} of a run, read by
     * {@link io.mic.retrieval.serve.RunInputs#itemNeighbors}): when not null the similar-items table
     * is built from them by {@link ServingArtifacts#write} exactly as {@code mic index} builds it
     * (first M3 of each list, scored {@code 1 / (1 + rank)}, manifest {@code item_neighbors: "model"}),
     * and no item neighbours are searched on the cluster.
     *
     * @param itemNeighbors one list per item, best first, or null for vector kNN
     */
    public static Result write(JavaSparkContext sc, Path target, Path vectorsDir, InteractionMatrix history, int[] categories,
            Settings settings, int[][] itemNeighbors) throws IOException {
        PluginRegistry registry = PluginRegistry.discover();
        PluginRef ref = settings.index();
        VectorIndexFactory f = registry.factory(PluginKind.VECTOR_INDEX, ref.name(), "mic-spark --index");
        SeededPluginContext ctx = SeededPluginContext.of(Schema.of(history.numUsers(), history.numItems()), 0L, MetricsSink.NOOP);
        Supplier<VectorIndex> newIndex = () -> registry.create(PluginKind.VECTOR_INDEX, ref.config(), ctx, "mic-spark --index");
        StageTimer timer = new StageTimer();
        SparkTables tables = new SparkTables(sc, ref, settings.partitions(), timer, settings.partsDir(), settings.handoff());
        ServingArtifacts a = timer.time("total", () -> ServingArtifacts.write(target, vectorsDir, history, categories,
                timed(timer, newIndex, "item index"), PluginRegistry.idOf(f).toString(), settings.spec(), settings.version(), tables,
                itemNeighbors));
        return new Result(a, timer.stages());
    }

    /**
     * The first indexes built are timed as stages named {@code stages}, in order (the first is the
     * item index, built by {@link ServingArtifacts#write}); later ones are not timed.
     */
    static Supplier<VectorIndex> timed(StageTimer timer, Supplier<VectorIndex> newIndex, String... stages) {
        int[] next = {0};
        return () -> {
            VectorIndex idx = newIndex.get();
            if (next[0] >= stages.length) {
                return idx;
            }
            return new TimedIndex(idx, timer, stages[next[0]++]);
        };
    }
}
