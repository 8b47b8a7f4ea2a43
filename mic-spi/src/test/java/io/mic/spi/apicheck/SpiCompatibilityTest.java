package io.mic.spi.apicheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.mic.spi.PluginContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The build's binary- and source-compatibility gate for {@code io.mic.spi}: the SPI compiled
 * now is compared with {@value #BASELINE}, the signatures of the previous release, under the rules
 * of {@link ApiCompatibility}. An undeclared break fails the build; a deliberate one is accepted by
 * adding the line this test prints, with a reason, to {@value #DECLARED}.
 *
 * <p>At a release, {@code ./mvnw -pl mic-spi test -Dtest=SpiCompatibilityTest -Dmic.api.freeze=true}
 * rewrites the baseline from the current SPI, and the declarations are emptied by hand: the next
 * release is then compared with this one. (No release is published yet: the committed baseline is
 * the SPI as frozen for 0.1.0.)
 */
class SpiCompatibilityTest {
    static final String BASELINE = "api/io.mic.spi.api";
    static final String DECLARED = "api/io.mic.spi.breaks";
    private static final String HEADER = """
            # Public signatures of io.mic.spi in the previous release (the baseline of SpiCompatibilityTest).
            # Generated: ./mvnw -pl mic-spi test -Dtest=SpiCompatibilityTest -Dmic.api.freeze=true (at a release only).
            # Baseline release: 0.1.0 (not yet published: the SPI as frozen for it, re-frozen when it moved to mic-spi, issue 23).
            """;

    static List<String> currentSpi() {
        return ApiSignatures.of(ApiSignatures.publicTypesOf("io.mic.spi", PluginContext.class), UnaryOperator.identity());
    }

    private static List<String> read(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                out.add(line);
            }
        }
        return out;
    }

    @Test
    void spiHasNoUndeclaredBreaks() throws IOException {
        List<String> current = currentSpi();
        Path baseline = Path.of(BASELINE);
        if (Boolean.getBoolean("mic.api.freeze")) {
            Files.writeString(baseline, HEADER + String.join("\n", current) + "\n", StandardCharsets.UTF_8);
        }
        Map<String, String> declared = ApiCompatibility.declarations(Files.readAllLines(Path.of(DECLARED)), DECLARED);
        List<String> undeclared = new ArrayList<>();
        List<String> accepted = new ArrayList<>();
        for (ApiCompatibility.Break b : ApiCompatibility.breaks(read(baseline), current)) {
            (declared.containsKey(b.toString()) ? accepted : undeclared).add(b.toString());
        }
        assertThat(undeclared)
                .as("""
                        io.mic.spi breaks compatibility with the previous release (%s). Plugins compiled against it would \
                        fail to compile or to link. Keep the old signature (grow interfaces by default methods only), or, \
                        for a deliberate break (a major release), add each line below with ' # <reason>' to mic-spi/%s:
                        %s""", BASELINE, DECLARED, String.join("\n", undeclared))
                .isEmpty();
        List<String> stale = new ArrayList<>(declared.keySet());
        stale.removeAll(accepted);
        assertThat(stale).as("mic-spi/%s declares breaks that no longer happen; remove them", DECLARED).isEmpty();
    }

    @Test
    void theDumpCoversEverySpiType() {
        List<String> current = currentSpi();
        for (String type : List.of("PluginContext", "PluginFactory", "Reranker", "VectorIndex", "NeighborStore", "NeighborStore$Table",
                "Column$Ids", "Candidates", "Augmenter$Stage")) {
            assertThat(current).as(type).anyMatch(l -> l.startsWith("io.mic.spi." + type + ": type "));
        }
        assertThat(current).contains(
                "io.mic.spi.RetrievalChannelContext: method public default java.util.Optional<io.mic.spi.Vectors> userVectors()",
                "io.mic.spi.Reranker: method public abstract void rerank(io.mic.spi.Query,io.mic.spi.Candidates,"
                        + "io.mic.spi.Candidates)",
                "io.mic.spi.Column: type public sealed interface io.mic.spi.Column permits io.mic.spi.Column$Dense,"
                        + "io.mic.spi.Column$Ids,io.mic.spi.Column$MultiIds");
        assertThat(current).noneMatch(l -> l.contains("MetricsSink$1"));
    }
}
