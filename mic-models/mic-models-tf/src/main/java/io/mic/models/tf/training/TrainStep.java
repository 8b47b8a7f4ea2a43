package io.mic.models.tf.training;

import io.mic.models.tf.Feeds;
import io.mic.models.tf.GraphBuilder;
import io.mic.models.tf.StepGraph;
import java.util.SplittableRandom;

/**
 * What a model gives the {@link Trainer}: its training graph and a way to turn a batch of
 * example indices into feeds. Paper modules implement it; the runtime's tests contain a
 * two-tower reference implementation.
 *
 * <p>Called from the trainer's thread only.
 */
public interface TrainStep {

    /** The training graph (built with {@link GraphBuilder#build}); owned by the model. */
    StepGraph graph();

    /** Number of training examples; an epoch visits each once in a seeded random order. */
    int examples();

    /**
     * Sets every input of {@code feeds} (already cleared) for the examples
     * {@code order[from, to)}. {@code rng} is seeded from the run seed and the global step, so
     * augmentation and sampling are reproducible and a resumed run draws the same numbers.
     */
    void feed(Feeds feeds, int[] order, int from, int to, SplittableRandom rng);
}
