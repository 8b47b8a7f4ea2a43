package io.mic.models.tf.ops;

/**
 * Sampling probabilities for the logQ correction of in-batch softmax losses: with batches drawn
 * uniformly from the training interactions, a slot of the batch holds item {@code i} with
 * probability {@code count(i) / total}. Immutable; thread-safe.
 */
public final class LogQ {

    private final float[] logQ;

    private LogQ(float[] logQ) {
        this.logQ = logQ;
    }

    /**
     * From interaction counts per id; ids never seen get the probability of a count of
     * {@code smoothing} (so a cold id is a finite, very unlikely candidate). The array is not kept.
     */
    public static LogQ fromCounts(long[] counts, double smoothing) {
        double total = 0;
        for (long c : counts) {
            if (c < 0) {
                throw new IllegalArgumentException("negative count " + c);
            }
            total += c;
        }
        if (total <= 0) {
            throw new IllegalArgumentException("counts sum to 0");
        }
        float[] out = new float[counts.length];
        for (int i = 0; i < counts.length; i++) {
            out[i] = (float) Math.log(Math.max(counts[i], smoothing) / total);
        }
        return new LogQ(out);
    }

    /** log Q of one id. */
    public float of(int id) {
        return logQ[id];
    }

    /** Writes {@code log Q(ids[i])} into {@code out[i]}; padding ids (-1) get 0. */
    public void gather(int[] ids, float[] out) {
        for (int i = 0; i < ids.length; i++) {
            out[i] = ids[i] < 0 ? 0f : logQ[ids[i]];
        }
    }

    public int size() {
        return logQ.length;
    }
}
