package io.mic.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import io.mic.core.data.InteractionMatrix;
import io.mic.core.registry.PluginKind;
import io.mic.core.registry.PluginRegistry;
import io.mic.core.registry.SeededPluginContext;
import io.mic.retrieval.index.ClusteredData;
import io.mic.retrieval.table.NeighborTableBuilder;
import io.mic.retrieval.table.NeighborTables;
import io.mic.retrieval.table.TableFiles;
import io.mic.spi.Candidates;
import io.mic.spi.NeighborStore;
import io.mic.spi.PluginConfig;
import io.mic.spi.Query;
import io.mic.spi.RetrievalChannel;
import io.mic.spi.VectorIndex;
import io.mic.spi.Vectors;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch job core and the serving path end to end, through the registry as a host would use
 * them: vectors -> hnsw index -> tables -> versioned files -> memory store -> three channels.
 */
class ServingPathTest {
    @Test
    void vectorsToTablesToChannels(@TempDir Path root) throws Exception {
        int users = 400;
        int items = 300;
        int dim = 16;
        Vectors uv = Vectors.of(ClusteredData.generate(users, dim, 8, 1.0, 1), dim);
        Vectors iv = Vectors.of(ClusteredData.generate(items, dim, 8, 1.0, 2), dim);
        SplittableRandom r = new SplittableRandom(3);
        int nnz = users * 12;
        int[] u = new int[nnz];
        int[] it = new int[nnz];
        long[] ts = new long[nnz];
        for (int k = 0; k < nnz; k++) {
            u[k] = k % users;
            it[k] = r.nextInt(items);
            ts[k] = r.nextLong(1_000_000);
        }
        InteractionMatrix x = InteractionMatrix.fromColumns(users, items, u, it, null, ts, null);

        PluginRegistry registry = PluginRegistry.discover();
        SeededPluginContext ctx = TestContexts.context(users, items);
        PluginConfig hnsw = PluginConfig.of("hnsw", Map.of("metric", "cosine", "build-threads", "2"));
        NeighborTables built = NeighborTableBuilder.build(uv, iv, x,
                () -> registry.create(PluginKind.VECTOR_INDEX, PluginConfig.of("hnsw", Map.of("metric", "cosine")), ctx, ""),
                "hnsw/1", 1_700_000_000_000L, new NeighborTableBuilder.Params(20, 20, 10, 2));
        TableFiles.write(root, built);

        VectorIndex itemIndex = registry.create(PluginKind.VECTOR_INDEX, hnsw, ctx, "");
        itemIndex.build(iv);
        NeighborStore store = registry.create(PluginKind.NEIGHBOR_STORE, PluginConfig.of("memory", Map.of("path", root.toString())),
                ctx, "");
        SeededPluginContext serving = ctx.withItemIndex(itemIndex).withNeighborStore(store);
        RetrievalChannel[] channels = {
            registry.create(PluginKind.RETRIEVAL_CHANNEL, PluginConfig.of("u2i", Map.of("k1", "30")), serving, ""),
            registry.create(PluginKind.RETRIEVAL_CHANNEL, PluginConfig.of("i2i", Map.of("m", "5", "m3", "10", "k2", "30")), serving, ""),
            registry.create(PluginKind.RETRIEVAL_CHANNEL, PluginConfig.of("u2u", Map.of("m1", "10", "m2", "5", "k3", "30")), serving, ""),
        };
        Candidates out = new Candidates(128);
        int multi = 0;
        for (int user = 0; user < users; user += 37) {
            int[] seen = x.sortedItemsOf(user);
            Query q = new Query(user, uv.row(user), 1, seen, 20);
            out.clear();
            for (int c = 0; c < 3; c++) {
                channels[c].retrieve(q, c, out);
            }
            assertThat(out.size()).isGreaterThan(30).isLessThanOrEqualTo(90);
            for (int i = 0; i < out.size(); i++) {
                assertThat(q.excluded(out.item(i))).isFalse();
                assertThat(out.channels(i)).isNotZero();
                if (out.channelCount(i) > 1) {
                    multi++;
                }
            }
            int[] counts = new int[3];
            for (int i = 0; i < out.size(); i++) {
                for (int c = 0; c < 3; c++) {
                    if (!Float.isNaN(out.channelScore(i, c))) {
                        counts[c]++;
                    }
                }
            }
            assertThat(counts[0]).isEqualTo(30); // 300 items, at most 12 seen: u2i always fills its quota
            assertThat(counts[1]).isBetween(1, 30);
            assertThat(counts[2]).isBetween(1, 30);
        }
        // clustered vectors: the channels agree on some items
        assertThat(multi).isGreaterThan(0);
    }
}
