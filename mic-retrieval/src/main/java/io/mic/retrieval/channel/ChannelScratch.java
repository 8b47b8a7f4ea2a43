package io.mic.retrieval.channel;

import io.mic.core.util.TopK;
import io.mic.spi.Candidates;

/**
 * Per-thread working memory of a channel: a merge buffer (max score per item), a top-k heap and
 * id/score arrays, grown on demand and reused across requests so a channel allocates nothing per
 * request beyond what its store returns.
 */
final class ChannelScratch {
    final Candidates merge = new Candidates(256);
    final TopK top = new TopK(256);
    int[] ids = new int[256];
    float[] scores = new float[256];

    void ensure(int n) {
        if (ids.length < n) {
            ids = new int[n];
            scores = new float[n];
        }
    }

    /**
     * Emits the best {@code quota} items of {@link #merge} (score descending, then id ascending)
     * into {@code out} under {@code channel}.
     */
    void emitTop(int quota, int channel, Candidates out) {
        int n = merge.size();
        top.reset(Math.min(quota, n));
        for (int i = 0; i < n; i++) {
            top.offer(merge.item(i), merge.score(i));
        }
        ensure(n);
        int w = top.drainBestFirst(ids, scores, 0);
        for (int i = 0; i < w; i++) {
            out.add(ids[i], channel, scores[i]);
        }
    }
}
