package io.mic.retrieval.kit;

import io.mic.retrieval.channel.I2iChannelFactory;
import io.mic.retrieval.channel.MultiInterestChannelFactory;
import io.mic.retrieval.channel.U2iChannelFactory;
import io.mic.retrieval.channel.U2uChannelFactory;
import io.mic.retrieval.index.ExactIndexFactory;
import io.mic.retrieval.index.HnswIndexFactory;
import io.mic.retrieval.store.MemoryNeighborStoreFactory;
import io.mic.retrieval.table.TableFiles;
import io.mic.spi.NeighborStoreFactory;
import io.mic.spi.Query;
import io.mic.spi.RetrievalChannelFactory;
import io.mic.spi.VectorIndex;
import io.mic.spi.VectorIndexFactory;
import io.mic.spi.Vectors;
import io.mic.testkit.Capability;
import io.mic.testkit.NeighborStoreContractTest;
import io.mic.testkit.RetrievalChannelContractTest;
import io.mic.testkit.VectorIndexContractTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every built-in plugin of mic-retrieval runs the contract kit of its SPI from mic-testkit, the
 * same kit a third-party plugin extends. The Redis store runs its kit against a real server in
 * {@code io.mic.retrieval.store.RedisStorePassesTheKitTest}.
 */
class RetrievalPluginsPassTheKitTest {

    /** Reopens what {@code save(dir)} wrote through the factory's {@code path} parameter, as a serving host does. */
    private static Map<String, String> at(Map<String, String> params, Path dir) {
        Map<String, String> p = new HashMap<>(params);
        p.put("path", dir.toString());
        return p;
    }

    @Nested
    class Exact extends VectorIndexContractTest {
        @Override
        protected VectorIndexFactory factory() {
            return new ExactIndexFactory();
        }

        @Override
        protected Map<String, String> params() {
            return Map.of("threads", "2", "block", "64");
        }

        @Override
        protected List<Map<String, String>> invalidParams() {
            return List.of(Map.of("threads", "0"), Map.of("block", "0"), Map.of("metric", "l2"));
        }

        @Override
        protected Optional<VectorIndex> load(Path dir) {
            return Optional.of(create(at(params(), dir)));
        }
    }

    @Nested
    class ExactCosine extends VectorIndexContractTest {
        @Override
        protected VectorIndexFactory factory() {
            return new ExactIndexFactory();
        }

        @Override
        protected Map<String, String> params() {
            return Map.of("metric", "cosine");
        }

        @Override
        protected boolean cosine() {
            return true;
        }

        @Override
        protected Optional<VectorIndex> load(Path dir) {
            return Optional.of(create(at(params(), dir)));
        }
    }

    @Nested
    class Hnsw extends VectorIndexContractTest {
        @Override
        protected VectorIndexFactory factory() {
            return new HnswIndexFactory();
        }

        /** One build thread: the kit's "two builds give the same answers" holds for a sequential build. */
        @Override
        protected Map<String, String> params() {
            return Map.of("build-threads", "1");
        }

        @Override
        protected List<Map<String, String>> invalidParams() {
            return List.of(Map.of("degree", "1"), Map.of("ef", "0"), Map.of("alpha", "0.5"), Map.of("metric", "hamming"));
        }

        @Override
        protected Set<Capability> unsupported() {
            return Set.of(Capability.EXACT);
        }

        @Override
        protected Optional<VectorIndex> load(Path dir) {
            return Optional.of(create(at(params(), dir)));
        }
    }

    @Nested
    class Memory extends NeighborStoreContractTest {
        @TempDir
        Path root;
        private boolean written;

        @Override
        protected NeighborStoreFactory factory() {
            return new MemoryNeighborStoreFactory();
        }

        /** The kit's tables written by the batch job's writer into a temporary root, read back memory-mapped. */
        @Override
        protected Map<String, String> params() {
            if (!written) {
                try {
                    TableFiles.write(root, KitTables.of(tables(), 16));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                written = true;
            }
            return Map.of("path", root.toString(), "mmap", "true");
        }

        /** Without {@code path} the store needs a host-provided tables service, which the kit's host does not offer. */
        @Override
        protected Set<String> requiredKeys() {
            return Set.of("path");
        }

        @Override
        protected List<Map<String, String>> invalidParams() {
            return List.of(Map.of("mmap", "sometimes"), Map.of("mmap-threshold-mb", "-1"), Map.of("path", root.resolve("missing").toString()));
        }
    }

    @Nested
    class U2i extends RetrievalChannelContractTest {
        @Override
        protected RetrievalChannelFactory factory() {
            return new U2iChannelFactory();
        }

        @Override
        protected Map<String, String> params() {
            return Map.of("k1", "20");
        }

        @Override
        protected List<Map<String, String>> invalidParams() {
            return List.of(Map.of("k1", "-1"), Map.of("k1", "many"));
        }
    }

    @Nested
    class I2i extends RetrievalChannelContractTest {
        @Override
        protected RetrievalChannelFactory factory() {
            return new I2iChannelFactory();
        }

        @Override
        protected Map<String, String> params() {
            return Map.of("m", "5", "m3", "6", "k2", "20");
        }

        @Override
        protected List<Map<String, String>> invalidParams() {
            return List.of(Map.of("m", "-1"), Map.of("m3", "-2"), Map.of("k2", "x"));
        }
    }

    @Nested
    class U2u extends RetrievalChannelContractTest {
        @Override
        protected RetrievalChannelFactory factory() {
            return new U2uChannelFactory();
        }

        @Override
        protected Map<String, String> params() {
            return Map.of("m1", "5", "m2", "6", "k3", "20");
        }

        @Override
        protected List<Map<String, String>> invalidParams() {
            return List.of(Map.of("m1", "-1"), Map.of("m2", "-2"), Map.of("k3", "x"));
        }
    }

    @Nested
    class MultiInterest extends RetrievalChannelContractTest {
        @Override
        protected RetrievalChannelFactory factory() {
            return new MultiInterestChannelFactory();
        }

        @Override
        protected Map<String, String> params() {
            return Map.of("k", "20", "per_interest", "10");
        }

        @Override
        protected List<Map<String, String>> invalidParams() {
            return List.of(Map.of("k", "-1"), Map.of("per_interest", "0"));
        }

        /** Three interests per user, as a multi-interest encoder serves them: the vectors of three users, concatenated. */
        @Override
        protected Query query(int i) {
            int user = (i * 53) % data().numUsers();
            Vectors v = data().userVectors(dim());
            float[] k3 = new float[3 * dim()];
            for (int j = 0; j < 3; j++) {
                System.arraycopy(v.row((user + j * 7) % data().numUsers()), 0, k3, j * dim(), dim());
            }
            Query one = data().query(user, v.row(user), 10);
            return new Query(user, k3, 3, one.exclude(), 10);
        }
    }
}
