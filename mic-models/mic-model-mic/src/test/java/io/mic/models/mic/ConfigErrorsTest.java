package io.mic.models.mic;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mic.core.registry.PluginKind;
import io.mic.spi.ConfigException;
import io.mic.spi.ModelComponents;
import io.mic.spi.PluginConfig;
import io.mic.spi.Sampler;
import io.mic.spi.Samples;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
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
    void tableInitIsStrict() {
        assertThatThrownBy(() -> fx.encoder(Fixture.Spec.of("mf-bpr", "init", "xavier"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'init'").hasMessageContaining("'xavier'").hasMessageContaining("xavier-normal, normal-inv-sqrt-dim");
        assertThatThrownBy(() -> fx.encoder(Fixture.Spec.of("dssm", "init", "Xavier-Normal"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'init'");
    }

    @Test
    void cclSettingsBelongToTheCclLoss() {
        // read only under loss ccl: under BPR they are unknown keys, not silently ignored
        assertThatThrownBy(() -> fx.model("two-tower", Map.of("margin", "0.5"), Fixture.Spec.of("mf-bpr"), List.of(), List.of(),
                Fixture.trainer(1, 64, 0.01, null, false))).isInstanceOf(ConfigException.class).hasMessageContaining("margin");
        assertThatThrownBy(() -> fx.model("two-tower", Map.of("margin", "1.5"), Fixture.Spec.of("simplex"), List.of(), List.of(),
                Fixture.trainer(1, 64, 0.01, null, false))).isInstanceOf(ConfigException.class).hasMessageContaining("margin");
        assertThatThrownBy(() -> fx.encoder(Fixture.Spec.of("simplex", "gate", "-0.1"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("gate");
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

    @Test
    void aSamplerThatDeclaresNoRoleIsAConfigErrorAtCreationNamingItAndItsSection() {
        // written before Sampler.role() existed: the model no longer probes a sample to learn what it draws, and says so
        // when the model is built from the config, not epochs later at fit
        Sampler undeclared = new Sampler() {
            @Override
            public Samples sample(int[] users, int[] items, RandomGenerator random) {
                return new Samples(new int[users.length], 1, Samples.Target.ITEM, false);
            }

            @Override
            public String toString() {
                return "home-made-negatives";
            }
        };
        Sampler declared = Fixture.REGISTRY.create(PluginKind.SAMPLER, PluginConfig.of("popularity-negative", Map.of()),
                fx.context().scoped("sampler"), "test");
        ModelComponents c = new ModelComponents(Optional.of(fx.encoder(Fixture.Spec.of("mf-bpr"))), List.of(), List.of(declared, undeclared),
                Fixture.trainer(1, 64, 0.01, null, false));
        assertThatThrownBy(() -> Fixture.REGISTRY.create(PluginKind.MODEL, PluginConfig.of("mic", Map.of("w_bce", "1")), fx.context()
                .scoped("mic").withComponents(c), "test")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("sampler[1]").hasMessageContaining("home-made-negatives").hasMessageContaining("declares no role()")
                .hasMessageContaining("Sampler.role()");
    }

    @Test
    void pairwiseU2iSettingsAreCheckedAgainstTheLoss() {
        assertThatThrownBy(() -> fx.model("mic", Map.of("u2i_loss", "bpr", "knn_u2i", "true"), Fixture.Spec.of("mf-bpr"), List.of(), List.of(),
                Fixture.trainer(1, 64, 0.01, null, false))).isInstanceOf(ConfigException.class).hasMessageContaining("knn_u2i")
                .hasMessageContaining("u2i_loss: bpr");
        // l2 / aux_normalize / CCL settings are read only with a pairwise u2i term: under InfoNCE they are unknown keys
        assertThatThrownBy(() -> fx.model("mic", Map.of("l2", "1e-4"), Fixture.Spec.of("mf-bpr"), List.of(), List.of(),
                Fixture.trainer(1, 64, 0.01, null, false))).isInstanceOf(ConfigException.class).hasMessageContaining("l2");
        assertThatThrownBy(() -> fx.model("mic", Map.of("u2i_loss", "bpr", "margin", "0.5"), Fixture.Spec.of("mf-bpr"), List.of(), List.of(),
                Fixture.trainer(1, 64, 0.01, null, false))).isInstanceOf(ConfigException.class).hasMessageContaining("margin");
        assertThatThrownBy(() -> fx.model("mic", Map.of("u2i_loss", "hinge"), Fixture.Spec.of("mf-bpr"), List.of(), List.of(),
                Fixture.trainer(1, 64, 0.01, null, false))).isInstanceOf(ConfigException.class).hasMessageContaining("infonce, bpr, ccl");
    }
}
