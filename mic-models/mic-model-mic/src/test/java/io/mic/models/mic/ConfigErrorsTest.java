package io.mic.models.mic;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mic.core.spi.ConfigException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Strict configuration: mistakes fail at creation, naming the key and what is allowed. */
class ConfigErrorsTest {
    private final Fixture fx = Fixture.small(1);

    @Test
    void modelsNeedAnEncoder() {
        assertThatThrownBy(() -> fx.model("mic", Map.of(), null, List.of(), List.of(), Fixture.trainer(1, 64, 0.01, null, false)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("needs an encoder section").hasMessageContaining("dssm");
    }

    @Test
    void unknownAndOutOfRangeParametersAreErrors() {
        assertThatThrownBy(() -> fx.model("mic", Map.of("w_u2uu", "1"), Fixture.Spec.of("dssm"), List.of(), List.of(),
                Fixture.trainer(1, 64, 0.01, null, false))).isInstanceOf(ConfigException.class).hasMessageContaining("w_u2uu")
                .hasMessageContaining("did you mean 'w_u2u'");
        assertThatThrownBy(() -> fx.model("mic", Map.of("temperature", "0"), Fixture.Spec.of("dssm"), List.of(), List.of(),
                Fixture.trainer(1, 64, 0.01, null, false))).hasMessageContaining("temperature");
        assertThatThrownBy(() -> fx.model("mic", Map.of("score", "u2x"), Fixture.Spec.of("dssm"), List.of(), List.of(),
                Fixture.trainer(1, 64, 0.01, null, false))).hasMessageContaining("combined, u2i, u2u, i2i");
        assertThatThrownBy(() -> fx.encoder(Fixture.Spec.of("dssm", "user_fields", "gender,zipcode")))
                .hasMessageContaining("'zipcode' is not a categorical field").hasMessageContaining("occupation");
        assertThatThrownBy(() -> fx.encoder(Fixture.Spec.of("youtube-dnn", "hidden", "128,x"))).hasMessageContaining("'x' is not an integer");
        assertThatThrownBy(() -> fx.encoder(Fixture.Spec.of("mf-bpr", "dim", "0"))).hasMessageContaining("out of range");
    }

    @Test
    void componentsMustFitTheModel() {
        assertThatThrownBy(() -> fx.model("two-tower", Map.of(), Fixture.Spec.of("dssm"), List.of(Fixture.Spec.of("field-mask")), List.of(),
                Fixture.trainer(1, 64, 0.01, null, false))).hasMessageContaining("use model 'mic'");
        assertThatThrownBy(() -> fx.model("mic", Map.of("w_bce", "1"), Fixture.Spec.of("dssm"), List.of(), List.of(),
                Fixture.trainer(1, 64, 0.01, null, false))).hasMessageContaining("popularity-negative");
    }

    @Test
    void samplerWhoseTermHasWeightZeroIsRejectedAtFit() {
        var m = fx.model("mic", Map.of("w_u2u", "0"), Fixture.Spec.of("dssm", "dim", "8"), List.of(Fixture.Spec.of("field-mask")),
                List.of(Fixture.Spec.of("knn-positive", "target", "user")), Fixture.trainer(1, 64, 0.01, null, false));
        assertThatThrownBy(() -> m.fit(fx.split)).hasMessageContaining("weight 0");
    }

    @Test
    void resumeNeedsACheckpointDirectory() {
        var m = fx.model("two-tower", Map.of(), Fixture.Spec.of("dssm", "dim", "8"), List.of(), List.of(),
                Fixture.trainer(1, 64, 0.01, null, true));
        assertThatThrownBy(() -> m.fit(fx.split)).hasMessageContaining("checkpoint_dir");
    }
}
