package io.mic.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationResultTest {
    private static final EvaluationResult R = new EvaluationResult(List.of(Metric.NDCG, Metric.RECALL), new int[] {10, 20},
            new double[] {0.1, 0.2, 0.3, 0.4}, 7);

    @Test
    void valuesAreRowMajorMetricByK() {
        assertThat(R.get(Metric.NDCG, 10)).isEqualTo(0.1);
        assertThat(R.get(Metric.NDCG, 20)).isEqualTo(0.2);
        assertThat(R.get(Metric.RECALL, 10)).isEqualTo(0.3);
        assertThat(R.get(Metric.RECALL, 20)).isEqualTo(0.4);
        assertThat(R.users()).isEqualTo(7);
        assertThat(R.metrics()).containsExactly(Metric.NDCG, Metric.RECALL);
    }

    @Test
    void asMapKeepsMetricOrderThenAscendingK() {
        assertThat(R.asMap().keySet()).containsExactly("ndcg@10", "ndcg@20", "recall@10", "recall@20");
        assertThat(R.asMap().get("recall@20")).isEqualTo(0.4);
    }

    @Test
    void isImmutable() {
        int[] ks = {1, 2};
        double[] values = {0.5, 0.6};
        EvaluationResult r = new EvaluationResult(List.of(Metric.HIT), ks, values, 1);
        ks[0] = 9;
        values[0] = 9;
        r.ks()[1] = 9;
        assertThat(r.ks()).containsExactly(1, 2);
        assertThat(r.get(Metric.HIT, 1)).isEqualTo(0.5);
        assertThatThrownBy(() -> r.asMap().put("x", 1.0)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void missingMetricOrKIsAnError() {
        assertThatThrownBy(() -> R.get(Metric.MRR, 10)).hasMessageContaining("MRR was not evaluated; evaluated: ndcg, recall");
        assertThatThrownBy(() -> R.get(Metric.NDCG, 5)).hasMessageContaining("K=5 was not evaluated; evaluated: [10, 20]");
    }

    @Test
    void rejectsMalformedInput() {
        assertThatThrownBy(() -> new EvaluationResult(List.of(Metric.HIT), new int[] {2, 1}, new double[2], 1)).hasMessageContaining("ascending");
        assertThatThrownBy(() -> new EvaluationResult(List.of(Metric.HIT), new int[] {1}, new double[2], 1)).hasMessageContaining("expected 1 values");
        assertThatThrownBy(() -> new EvaluationResult(List.of(Metric.HIT, Metric.HIT), new int[] {1}, new double[2], 1)).hasMessageContaining("twice");
    }

    @Test
    void formatsAFixedWidthTable() {
        EvaluationResult other = new EvaluationResult(List.of(Metric.NDCG, Metric.RECALL), new int[] {10, 20},
                new double[] {0.12345, 1, 0, 0.99999}, 7);
        String table = EvaluationResult.formatTable(List.of("pop", "item-knn"), List.of(R, other));

        assertThat(table).isEqualTo(""
                + "          ndcg@10  ndcg@20  recall@10  recall@20\n"
                + "pop        0.1000   0.2000     0.3000     0.4000\n"
                + "item-knn   0.1235   1.0000     0.0000     1.0000\n");
    }

    @Test
    void tableShowsADashForAColumnAResultLacks() {
        EvaluationResult hitOnly = new EvaluationResult(List.of(Metric.HIT), new int[] {10}, new double[] {0.5}, 1);
        String table = EvaluationResult.formatTable(List.of("a", "b"), List.of(hitOnly, R));

        assertThat(table.split("\n")[0]).isEqualTo("   hit@10  ndcg@10  ndcg@20  recall@10  recall@20");
        assertThat(table.split("\n")[1]).isEqualTo("a  0.5000        -        -          -          -");
        assertThatThrownBy(() -> EvaluationResult.formatTable(List.of("a"), List.of())).hasMessageContaining("1 labels for 0 results");
    }
}
