package io.mic.models.mic;

import io.mic.spi.Column;
import io.mic.spi.FeatureBatch;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Row ranges of feature batches (copies). */
final class Batches {
    private Batches() {
    }

    /** Rows {@code [from, to)} of {@code batch}, every column copied. */
    static FeatureBatch slice(FeatureBatch batch, int from, int to) {
        Map<String, Column> cols = new LinkedHashMap<>();
        for (Map.Entry<String, Column> e : batch.columns().entrySet()) {
            Column c = e.getValue();
            if (c instanceof Column.Ids ids) {
                cols.put(e.getKey(), new Column.Ids(Arrays.copyOfRange(ids.values(), from, to)));
            } else if (c instanceof Column.MultiIds m) {
                int[] off = new int[to - from + 1];
                int base = m.offsets()[from];
                for (int r = from; r <= to; r++) {
                    off[r - from] = m.offsets()[r] - base;
                }
                cols.put(e.getKey(), new Column.MultiIds(off, Arrays.copyOfRange(m.values(), base, m.offsets()[to])));
            } else {
                Column.Dense d = (Column.Dense) c;
                cols.put(e.getKey(), new Column.Dense(Arrays.copyOfRange(d.values(), from * d.dim(), to * d.dim()), d.dim()));
            }
        }
        return FeatureBatch.of(to - from, cols);
    }
}
