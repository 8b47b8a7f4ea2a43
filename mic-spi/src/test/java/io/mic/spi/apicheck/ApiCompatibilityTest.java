package io.mic.spi.apicheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The compatibility rules, on two versions of a small SPI compiled here ({@code v1.Widget} and
 * {@code v2.Widget}) and on hand-written lines: proof that the gate in {@link SpiCompatibilityTest}
 * fails on the breaks it exists for and lets compatible growth through.
 */
class ApiCompatibilityTest {

    private static List<String> dump(Class<?>... types) {
        return ApiSignatures.of(List.of(types), s -> s.replace("io.mic.spi.apicheck.v2.", "io.mic.spi.apicheck.v1."));
    }

    @Test
    void realClassesBreakWhereAPluginWouldBreak() {
        List<String> v1 = dump(io.mic.spi.apicheck.v1.Widget.class, io.mic.spi.apicheck.v1.Widget.Part.class,
                io.mic.spi.apicheck.v1.Gadget.class);
        List<String> v2 = dump(io.mic.spi.apicheck.v2.Widget.class, io.mic.spi.apicheck.v2.Widget.Part.class,
                io.mic.spi.apicheck.v2.Gadget.class);
        assertThat(ApiCompatibility.breaks(v1, v2)).extracting(Object::toString).containsExactlyInAnyOrder(
                // a new abstract method: every existing implementation stops compiling (and throws AbstractMethodError)
                "abstract method added to an implementable type: io.mic.spi.apicheck.v1.Widget: method public abstract void stop()",
                // a removed method: callers stop linking
                "removed or changed: io.mic.spi.apicheck.v1.Widget: method public abstract int legacy()",
                // a changed parameter type removes the old signature and, on an interface, adds a new abstract one
                "removed or changed: io.mic.spi.apicheck.v1.Widget: method public abstract void resize(int)",
                "abstract method added to an implementable type: io.mic.spi.apicheck.v1.Widget: method public abstract void resize(long)",
                // a record's accessor removed
                "removed or changed: io.mic.spi.apicheck.v1.Widget$Part: method public int weight()",
                "removed or changed: io.mic.spi.apicheck.v1.Widget$Part: constructor public (java.lang.String,int)",
                // a class made final: subclasses break
                "removed or changed: io.mic.spi.apicheck.v1.Gadget: type public class io.mic.spi.apicheck.v1.Gadget");
        // compatible growth in v2: a default method, a static method, a method on a record,
        // abstract -> default, a new method on the (now final) class: none is reported
        assertThat(v2).anyMatch(l -> l.endsWith("method public default void pause()"))
                .anyMatch(l -> l.endsWith("method public default java.lang.String label()"))
                .anyMatch(l -> l.endsWith("method public static io.mic.spi.apicheck.v1.Widget none()"));
    }

    @Test
    void identicalApisHaveNoBreaks() {
        List<String> v1 = dump(io.mic.spi.apicheck.v1.Widget.class, io.mic.spi.apicheck.v1.Gadget.class);
        assertThat(ApiCompatibility.breaks(v1, v1)).isEmpty();
    }

    @Test
    void aRemovedTypeIsOneBreakNotOnePerMember() {
        List<String> v1 = dump(io.mic.spi.apicheck.v1.Widget.class, io.mic.spi.apicheck.v1.Gadget.class);
        List<String> v2 = dump(io.mic.spi.apicheck.v2.Widget.class);
        assertThat(ApiCompatibility.breaks(v1, v2)).filteredOn(b -> b.kind().equals("removed type")).extracting(ApiCompatibility.Break::line)
                .containsExactly("io.mic.spi.apicheck.v1.Gadget: type public class io.mic.spi.apicheck.v1.Gadget");
        assertThat(ApiCompatibility.breaks(v1, v2)).noneMatch(b -> b.line().startsWith("io.mic.spi.apicheck.v1.Gadget: method"));
    }

    @Test
    void abstractMethodsMayBeAddedToSealedAndFinalTypesOnly() {
        List<String> base = List.of("a.S: type public sealed interface a.S permits a.T", "a.F: type public final class a.F",
                "a.I: type public interface a.I", "a.A: type public abstract class a.A");
        List<String> grown = new java.util.ArrayList<>(base);
        grown.add("a.S: method public abstract int x()");
        grown.add("a.F: method public int y()");
        grown.add("a.I: method public abstract int z()");
        grown.add("a.I: method public static int w()");
        grown.add("a.A: method public abstract int v()");
        assertThat(ApiCompatibility.breaks(base, grown)).extracting(ApiCompatibility.Break::line)
                .containsExactlyInAnyOrder("a.I: method public abstract int z()", "a.A: method public abstract int v()");
    }

    @Test
    void aDefaultMethodMadeAbstractIsOneBreak() {
        List<String> base = List.of("a.I: type public interface a.I", "a.I: method public default int z()");
        List<String> now = List.of("a.I: type public interface a.I", "a.I: method public abstract int z()");
        assertThat(ApiCompatibility.breaks(base, now)).extracting(Object::toString)
                .containsExactly("removed or changed: a.I: method public default int z()");
    }

    @Test
    void declarationsNeedAReason() {
        assertThat(ApiCompatibility.declarations(List.of("# comment", "", "removed or changed: a.I: method public int z() # 2.0 drops it"), "f"))
                .containsEntry("removed or changed: a.I: method public int z()", "2.0 drops it");
        assertThatThrownBy(() -> ApiCompatibility.declarations(List.of("removed or changed: a.I: method public int z()"), "breaks.txt"))
                .hasMessageContaining("breaks.txt:1").hasMessageContaining("needs a reason");
    }
}
