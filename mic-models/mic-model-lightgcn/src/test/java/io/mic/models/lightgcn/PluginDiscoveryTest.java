package io.mic.models.lightgcn;

import static org.assertj.core.api.Assertions.assertThat;

import io.mic.spi.EncoderFactory;
import io.mic.spi.ModelFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class PluginDiscoveryTest {
    @Test
    void serviceLoaderFindsLightGcnAndXSimGclModelsAndEncodersByName() {
        List<String> models = new ArrayList<>();
        ServiceLoader.load(ModelFactory.class).forEach(f -> models.add(f.name()));
        assertThat(models).contains("lightgcn", "xsimgcl");
        List<String> encoders = new ArrayList<>();
        ServiceLoader.load(EncoderFactory.class).forEach(f -> encoders.add(f.name()));
        assertThat(encoders).contains("lightgcn", "xsimgcl");
    }
}
