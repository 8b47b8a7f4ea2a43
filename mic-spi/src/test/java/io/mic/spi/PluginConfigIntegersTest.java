package io.mic.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link PluginConfig#getInt} and {@link PluginConfig#getLong}: one parser each, one range check, the same messages. */
class PluginConfigIntegersTest {
    private final PluginConfig config = PluginConfig.of("p", Map.of("small", " 7 ", "big", "3000000000", "word", "seven"),
            Map.of("small", "run.conf:3"), "run.conf");

    @Test
    void parsesTrimmedValuesAndDefaultsMissingOnes() {
        assertThat(config.getInt("small", 1, 0, 10)).isEqualTo(7);
        assertThat(config.getLong("small", 1L, 0L, 10L)).isEqualTo(7L);
        assertThat(config.getInt("absent", 4, 0, 10)).isEqualTo(4);
        assertThat(config.getLong("absent", 5L, 0L, 10L)).isEqualTo(5L);
        assertThat(config.getLong("big", 0L, 0L, Long.MAX_VALUE)).isEqualTo(3_000_000_000L);
    }

    @Test
    void aValueThatOverflowsAnIntIsNotAnIntegerForGetIntButFineForGetLong() {
        assertThatThrownBy(() -> config.getInt("big", 0, 0, Integer.MAX_VALUE))
                .isInstanceOf(ConfigException.class).hasMessageContaining("big").hasMessageContaining("value '3000000000' is not an integer");
    }

    @Test
    void wordsAndOutOfRangeValuesNameTheKeyAndWhereItCameFrom() {
        assertThatThrownBy(() -> config.getInt("word", 0, 0, 10)).hasMessageContaining("value 'seven' is not an integer");
        assertThatThrownBy(() -> config.getLong("word", 0L, 0L, 10L)).hasMessageContaining("value 'seven' is not an integer");
        assertThatThrownBy(() -> config.getInt("small", 0, 8, 10))
                .hasMessageContaining("run.conf:3").hasMessageContaining("small").hasMessageContaining("value 7 is out of range [8, 10]");
        assertThatThrownBy(() -> config.getLong("small", 0L, 0L, 6L)).hasMessageContaining("value 7 is out of range [0, 6]");
    }

    @Test
    void everyKeyAskedForIsKnown() {
        config.getInt("small", 0, 0, 10);
        config.getLong("big", 0L, 0L, Long.MAX_VALUE);
        config.getString("word", "");
        config.requireAllKeysKnown();
    }
}
