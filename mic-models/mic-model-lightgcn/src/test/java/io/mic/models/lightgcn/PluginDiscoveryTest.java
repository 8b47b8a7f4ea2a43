package io.mic.models.lightgcn;

import static org.assertj.core.api.Assertions.assertThat;

import io.mic.spi.ModelFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class PluginDiscoveryTest {
    @Test
    void serviceLoaderFindsLightGcnAndXSimGclByName() {
        List<String> models = new ArrayList<>();
        ServiceLoader.load(ModelFactory.class).forEach(f -> models.add(f.name()));
        assertThat(models).contains("lightgcn", "xsimgcl");
    }
}
