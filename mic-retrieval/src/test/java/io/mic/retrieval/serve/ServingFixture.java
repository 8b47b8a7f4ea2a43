package io.mic.retrieval.serve;

import io.mic.core.data.IdMap;
import io.mic.core.data.InteractionMatrix;
import io.mic.core.io.EmbeddingExport;
import io.mic.retrieval.index.ExactIndex;
import io.mic.retrieval.index.Similarity;
import io.mic.spi.Vectors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Small real serving artifacts: seeded user and item vectors in {@code groups} clusters, each user
 * with {@code perUser} distinct items of its own cluster (in a known order = recency), built through
 * the real batch job ({@link ServingArtifacts#write}) with the exact index.
 */
final class ServingFixture {
    static final int USERS = 120;
    static final int ITEMS = 90;
    static final int DIM = 8;
    static final int GROUPS = 3;
    static final int PER_USER = 6;

    final Vectors users;
    final Vectors items;
    final InteractionMatrix history;
    final int[] categories;

    ServingFixture(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] centres = new float[GROUPS * DIM];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = (float) rnd.nextGaussian();
        }
        float[] u = new float[USERS * DIM];
        float[] it = new float[ITEMS * DIM];
        categories = new int[ITEMS];
        for (int i = 0; i < ITEMS; i++) {
            categories[i] = i % GROUPS;
            point(centres, i % GROUPS, rnd, it, i);
        }
        int[] off = new int[USERS + 1];
        int[] hist = new int[USERS * PER_USER];
        for (int r = 0; r < USERS; r++) {
            int g = r % GROUPS;
            point(centres, g, rnd, u, r);
            off[r + 1] = off[r] + PER_USER;
            List<Integer> pool = new ArrayList<>();
            for (int i = g; i < ITEMS; i += GROUPS) {
                pool.add(i);
            }
            for (int j = 0; j < PER_USER; j++) {
                hist[r * PER_USER + j] = pool.remove(rnd.nextInt(pool.size()));
            }
        }
        users = Vectors.of(u, DIM);
        items = Vectors.of(it, DIM);
        history = new InteractionMatrix(USERS, ITEMS, off, hist, null, null);
    }

    private static void point(float[] centres, int g, SplittableRandom rnd, float[] out, int row) {
        for (int k = 0; k < DIM; k++) {
            out[row * DIM + k] = centres[g * DIM + k] + 0.3f * (float) rnd.nextGaussian();
        }
    }

    static String userId(int u) {
        return "u" + u;
    }

    static String itemId(int i) {
        return "i" + i;
    }

    /** Writes the vectors, then the serving artifacts, under {@code root}; returns the artifact directory. */
    Path write(Path root) throws IOException {
        Path vec = root.resolve("vectors");
        List<String> uids = new ArrayList<>();
        for (int r = 0; r < USERS; r++) {
            uids.add(userId(r));
        }
        List<String> iids = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            iids.add(itemId(i));
        }
        try (EmbeddingExport.Writer w = EmbeddingExport.writer(vec, "fixture/1", "test")) {
            w.add("users", users, IdMap.of(uids));
            w.add("items", items, IdMap.of(iids));
            w.commit();
        }
        Path dir = root.resolve("serving");
        ServingArtifacts.write(dir, vec, history, categories, () -> new ExactIndex(Similarity.INNER_PRODUCT, 1, 64), "exact/1",
                new ServingArtifacts.Spec("fixture", "fixture/1", "test", 10, 10, "source-order", "train", 1), 1000L);
        return dir;
    }
}
