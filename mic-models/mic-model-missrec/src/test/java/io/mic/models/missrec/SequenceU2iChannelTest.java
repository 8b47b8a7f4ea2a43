package io.mic.models.missrec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mic.core.data.DataSplit;
import io.mic.core.data.Splitter;
import io.mic.core.feature.FeatureBuilder;
import io.mic.core.feature.HistoryMode;
import io.mic.core.registry.PluginKind;
import io.mic.core.registry.PluginRegistry;
import io.mic.spi.Candidates;
import io.mic.spi.Column;
import io.mic.spi.ConfigException;
import io.mic.spi.FeatureBatch;
import io.mic.spi.NeighborStore;
import io.mic.spi.Neighbors;
import io.mic.spi.PluginConfig;
import io.mic.spi.Query;
import io.mic.spi.RetrievalChannel;
import io.mic.spi.VectorIndex;
import io.mic.spi.Vectors;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.IntStream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sequence-u2i} against the trained model it serves: for every user, the channel (stored
 * history → exported tower → index) must return exactly the brute-force top K of the in-process
 * user vector over the model's item vectors, minus the excluded items, with the same scores.
 */
class SequenceU2iChannelTest {
    private static final PluginRegistry REGISTRY = PluginRegistry.discover();
    private static final int N = 8;

    /** Brute-force inner-product index over fixed rows (ties: lower id first). */
    record BruteForce(Vectors items) implements VectorIndex {
        @Override
        public void build(Vectors vectors) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int size() {
            return items.rows();
        }

        @Override
        public int dim() {
            return items.dim();
        }

        @Override
        public int search(float[] query, int offset, int k, int[] outIds, float[] outScores) {
            float[] q = Arrays.copyOfRange(query, offset, offset + dim());
            Integer[] order = IntStream.range(0, size()).boxed().toArray(Integer[]::new);
            Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -score(q, i)).thenComparingInt(i -> i));
            int n = Math.min(k, size());
            for (int j = 0; j < n; j++) {
                outIds[j] = order[j];
                outScores[j] = score(q, order[j]);
            }
            return n;
        }

        float score(float[] q, int item) {
            float s = 0;
            for (int c = 0; c < q.length; c++) {
                s += q[c] * items.values()[item * dim() + c];
            }
            return s;
        }
    }

    /** A store that holds each user's history (oldest first) and answers most recent first. */
    record Store(Column.MultiIds history) implements NeighborStore {
        @Override
        public Neighbors neighbors(Table table, int id, int limit) {
            return Neighbors.EMPTY;
        }

        @Override
        public int[] recentItems(int user, int limit) {
            int from = history.offsets()[user];
            int to = history.offsets()[user + 1];
            int len = Math.min(limit, to - from);
            int[] out = new int[len];
            for (int j = 0; j < len; j++) {
                out[j] = history.values()[to - 1 - j];
            }
            return out;
        }
    }

    @Test
    void storedHistoryThroughTheExportedTowerEqualsTheInProcessTopK(@TempDir Path tmp) throws Exception {
        DataSplit split = Splitter.leaveLastOut(PlantedSequences.generate(300, 12, 20, 6, 12, 0.1, true, 5));
        SeqModel m = (SeqModel) SeqModelTest.create("sasrec", split, 2);
        m.fit(split);
        Path dir = tmp.resolve("export");
        assertThat(m.exportSavedModel(dir)).isTrue();

        int users = split.dataset().numUsers();
        FeatureBuilder fb = FeatureBuilder.of(split, N, 0, HistoryMode.BEFORE);
        Column.MultiIds hist = (Column.MultiIds) fb.users(IntStream.range(0, users).toArray()).column(FeatureBatch.HISTORY);
        Vectors items = m.itemVectors().orElseThrow();
        Vectors userVectors = m.userVectors().orElseThrow();
        BruteForce index = new BruteForce(items);
        RetrievalChannel ch = REGISTRY.create(PluginKind.RETRIEVAL_CHANNEL, PluginConfig.of("sequence-u2i", Map.of("saved_model", dir.toString(),
                "k", "5")), SeqModelTest.context(split).withNeighborStore(new Store(hist)).withItemIndex(index),
                "test");
        assertThat(ch.quota()).isEqualTo(5);

        int checked = 0;
        int[] ids = new int[items.rows()];
        float[] scores = new float[items.rows()];
        for (int u = 0; u < users; u++) {
            if (hist.offsets()[u + 1] == hist.offsets()[u]) {
                continue;
            }
            int[] exclude = Arrays.stream(hist.values(), hist.offsets()[u], hist.offsets()[u + 1]).distinct().sorted().limit(2).toArray();
            Candidates out = new Candidates(16);
            ch.retrieve(new Query(u, null, 1, exclude, 5), 0, out);

            float[] uv = Arrays.copyOfRange(userVectors.values(), u * userVectors.dim(), (u + 1) * userVectors.dim());
            int n = index.search(uv, 0, items.rows(), ids, scores);
            int[] expected = Arrays.stream(ids, 0, n).filter(i -> Arrays.binarySearch(exclude, i) < 0).limit(5).toArray();
            assertThat(out.itemsCopy()).as("user " + u).containsExactly(expected);
            for (int j = 0; j < out.size(); j++) {
                assertThat(out.score(j)).isCloseTo(index.score(uv, out.item(j)), Offset.offset(1e-4f));
            }
            checked++;
        }
        assertThat(checked).isGreaterThan(users / 2);

        Candidates none = new Candidates(4);
        int empty = IntStream.range(0, users).filter(u -> hist.offsets()[u + 1] == hist.offsets()[u]).findFirst().orElse(-1);
        if (empty >= 0) {
            ch.retrieve(new Query(empty, null, 1, null, 5), 0, none);
            assertThat(none.size()).isZero();
        }

        // the host closes the channel at shutdown: the SavedModel goes with it, and a late call names the model
        int withHistory = IntStream.range(0, users).filter(u -> hist.offsets()[u + 1] > hist.offsets()[u]).findFirst().orElseThrow();
        ch.close();
        ch.close();
        assertThatThrownBy(() -> ch.retrieve(new Query(withHistory, null, 1, null, 5), 0, new Candidates(8)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(dir.toString()).hasMessageContaining("closed");
    }

    @Test
    void missingSavedModelOrServiceIsNamed(@TempDir Path tmp) {
        DataSplit split = Splitter.leaveLastOut(PlantedSequences.generate(50, 12, 20, 6, 12, 0.1, true, 5));
        assertThatThrownBy(() -> REGISTRY.create(PluginKind.RETRIEVAL_CHANNEL, PluginConfig.of("sequence-u2i", Map.of()), SeqModelTest.context(split),
                "test")).isInstanceOf(ConfigException.class).hasMessageContaining("saved_model");
        assertThatThrownBy(() -> REGISTRY.create(PluginKind.RETRIEVAL_CHANNEL, PluginConfig.of("sequence-u2i", Map.of("saved_model",
                tmp.toString())), SeqModelTest.context(split), "test")).hasMessageContaining("neighbour store");
    }
}
