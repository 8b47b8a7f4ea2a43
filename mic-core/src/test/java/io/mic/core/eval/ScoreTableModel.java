package io.mic.core.eval;

import io.mic.core.data.DataSplit;
import io.mic.spi.Model;
import io.mic.spi.TrainingData;

/** A model that returns a fixed score table ({@code scores[user][item]}); only the single-user path is implemented. */
final class ScoreTableModel implements Model {
    private final float[][] scores;

    ScoreTableModel(float[][] scores) {
        this.scores = scores;
    }

    @Override
    public void fit(TrainingData trainingData) {
        DataSplit split = DataSplit.of(trainingData);
    }

    @Override
    public void score(int user, float[] out) {
        System.arraycopy(scores[user], 0, out, 0, scores[user].length);
    }
}
