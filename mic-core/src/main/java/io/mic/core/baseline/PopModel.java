package io.mic.core.baseline;

import io.mic.core.data.DataSplit;
import io.mic.spi.Model;
import io.mic.spi.TrainingData;

/** Score of item i = its interaction count in train (repeats counted), the same for every user. */
final class PopModel implements Model {
    /** Written once by fit, then read-only; volatile so scorer threads see a complete array. */
    private volatile float[] counts;

    @Override
    public void fit(TrainingData trainingData) {
        DataSplit split = DataSplit.of(trainingData);
        int[] c = split.train().itemCounts();
        float[] f = new float[c.length];
        for (int i = 0; i < c.length; i++) {
            f[i] = c[i];
        }
        counts = f;
    }

    @Override
    public void score(int user, float[] out) {
        float[] c = fitted();
        System.arraycopy(c, 0, out, 0, c.length);
    }

    @Override
    public void score(int[] users, float[] out, int numItems) {
        float[] c = fitted();
        if (numItems != c.length) {
            throw new IllegalArgumentException("asked for " + numItems + " items, model was fitted on " + c.length);
        }
        for (int j = 0; j < users.length; j++) {
            System.arraycopy(c, 0, out, j * numItems, numItems);
        }
    }

    private float[] fitted() {
        float[] c = counts;
        if (c == null) {
            throw new IllegalStateException("pop model used before fit");
        }
        return c;
    }
}
