package io.mic.models.missrec;

import io.mic.models.tf.export.ExportedModel;
import io.mic.spi.Candidates;
import io.mic.spi.NeighborStore;
import io.mic.spi.Query;
import io.mic.spi.RetrievalChannel;
import io.mic.spi.VectorIndex;
import java.util.Arrays;

/**
 * {@code sequence-u2i}: U2I for sequence models ({@code sasrec}, {@code missrec}) at serving time.
 * The user vector is not read from the artifacts: the channel reads the user's most recent
 * {@code N} items from the store ({@link NeighborStore#recentItems}, embedded tables or Redis),
 * runs the exported sequence tower ({@code serving_user} of the run's SavedModel: input
 * {@code history [1, N]}, right-aligned, oldest first, −1 padding) and queries the item index with
 * the result, so a user's recommendations follow her latest stored history without re-running
 * training or re-exporting vectors.
 *
 * <p>The stored history keeps each item once (its latest occurrence), so a user with repeated
 * items in her sequence is encoded from the de-duplicated sequence. Seen items: the index is asked
 * for {@code k + |exclude|} items, the excluded ones are dropped. A user without stored history
 * yields nothing.
 *
 * <p>Thread-safe: TF sessions run concurrently ({@link ExportedModel}); the store and the index are
 * thread-safe by contract.
 */
final class SequenceU2iChannel implements RetrievalChannel {
    private final ExportedModel tower;
    private final NeighborStore store;
    private final VectorIndex index;
    private final int n;
    private final int k;

    /**
     * @param tower the loaded SavedModel with a {@code serving_user} signature
     * @param n     the tower's history length N (its {@code history} input is {@code [B, N]})
     * @param k     candidates emitted per query (≥ 0)
     */
    SequenceU2iChannel(ExportedModel tower, NeighborStore store, VectorIndex index, int n, int k) {
        this.tower = tower;
        this.store = store;
        this.index = index;
        this.n = n;
        this.k = k;
    }

    @Override
    public String label() {
        return "sequence-u2i";
    }

    @Override
    public int quota() {
        return k;
    }

    /** The tower's user vector for a stored history (most recent first), or null when it is empty. */
    float[] userVector(int[] recentFirst) {
        if (recentFirst.length == 0) {
            return null;
        }
        int[] hist = new int[n];
        Arrays.fill(hist, -1);
        int len = Math.min(n, recentFirst.length);
        for (int j = 0; j < len; j++) {
            hist[n - 1 - j] = recentFirst[j];
        }
        float[] v = tower.call("serving_user").ints("history", hist, 1, n).vectors("user_vector").values();
        if (v.length != index.dim()) {
            throw new IllegalStateException("sequence-u2i: the tower in " + tower.dir() + " gives user vectors of dim " + v.length
                    + ", the item index has dim " + index.dim());
        }
        return v;
    }

    @Override
    public void retrieve(Query query, int channel, Candidates out) {
        if (k == 0) {
            return;
        }
        float[] v = userVector(store.recentItems(query.user(), n));
        if (v == null) {
            return;
        }
        int fetch = (int) Math.min(index.size(), (long) k + query.exclude().length);
        int[] ids = new int[fetch];
        float[] scores = new float[fetch];
        int got = index.search(v, 0, fetch, ids, scores);
        int emitted = 0;
        for (int j = 0; j < got && emitted < k; j++) {
            if (!query.excluded(ids[j])) {
                out.add(ids[j], channel, scores[j]);
                emitted++;
            }
        }
    }

    /** Closes the loaded SavedModel (its TF session); a retrieve after this fails naming the model. */
    @Override
    public void close() {
        tower.close();
    }

    @Override
    public String toString() {
        return "sequence-u2i[k=" + k + ", N=" + n + ", tower " + tower.dir() + "]";
    }
}
