package io.mic.spark;

import io.mic.spi.VectorIndex;
import io.mic.spi.Vectors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** A {@link VectorIndex} whose {@link #build} is recorded as a stage of a {@link StageTimer}. */
final class TimedIndex implements VectorIndex {
    private final VectorIndex inner;
    private final StageTimer timer;
    private final String stage;

    TimedIndex(VectorIndex inner, StageTimer timer, String stage) {
        this.inner = inner;
        this.timer = timer;
        this.stage = stage;
    }

    @Override
    public void build(Vectors vectors) {
        try {
            timer.time(stage, () -> {
                inner.build(vectors);
                return null;
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int size() {
        return inner.size();
    }

    @Override
    public int dim() {
        return inner.dim();
    }

    @Override
    public int search(float[] query, int offset, int k, int[] outIds, float[] outScores) {
        return inner.search(query, offset, k, outIds, outScores);
    }

    @Override
    public void save(Path dir) throws IOException {
        inner.save(dir);
    }
}
