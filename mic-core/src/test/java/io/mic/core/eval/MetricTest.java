package io.mic.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MetricTest {

    @Test
    void parsesLabelsInAnyCaseAndRecBoleSpellings() {
        for (Metric m : Metric.values()) {
            assertThat(Metric.parse(m.label())).isEqualTo(m);
            assertThat(Metric.parse(" " + m.label().toUpperCase() + " ")).isEqualTo(m);
        }
        assertThat(Metric.parse("ItemCoverage")).isEqualTo(Metric.COVERAGE);
        assertThat(Metric.parse("hitrate")).isEqualTo(Metric.HIT);
    }

    @Test
    void labelsAreTheDocumentedNames() {
        assertThat(Metric.values()).extracting(Metric::label)
                .containsExactly("recall", "ndcg", "hit", "mrr", "precision", "coverage");
    }

    @Test
    void unknownNameListsTheValidOnes() {
        assertThatThrownBy(() -> Metric.parse("recal"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown metric 'recal'; valid metrics: recall, ndcg, hit, mrr, precision, coverage");
        assertThatThrownBy(() -> Metric.parse(null)).hasMessageContaining("unknown metric 'null'");
    }
}
