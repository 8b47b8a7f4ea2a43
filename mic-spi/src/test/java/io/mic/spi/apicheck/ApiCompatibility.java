package io.mic.spi.apicheck;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares the API of a previous release with the current one, both as {@link ApiSignatures}
 * lines, under the rules plugin authors rely on:
 * <ul>
 *   <li>removing or changing a type, constructor, method or field breaks callers and implementors
 *       (a changed line shows as one removed and one added line);</li>
 *   <li>turning an abstract method into a default method is compatible;</li>
 *   <li>adding an abstract method to an interface or abstract class that plugins can implement
 *       (not sealed, not final) breaks every plugin compiled against the old one, so a behaviour
 *       interface or {@code PluginContext} grows by default methods only;</li>
 *   <li>everything else added (types, default or static methods, members of final classes and
 *       records, enum constants) is compatible.</li>
 * </ul>
 * A break is accepted only when declared, with a reason; a declaration that matches no break is
 * itself an error, so the declarations file stays exactly the list of accepted breaks.
 */
final class ApiCompatibility {
    private ApiCompatibility() {
    }

    /** One incompatible change; {@link #line()} is what a declaration repeats. */
    record Break(String kind, String line) {
        @Override
        public String toString() {
            return kind + ": " + line;
        }
    }

    /** The breaks from {@code baseline} to {@code current}. */
    static List<Break> breaks(List<String> baseline, List<String> current) {
        Map<String, String> baseHeaders = headers(baseline);
        Map<String, String> currentHeaders = headers(current);
        Set<String> now = new TreeSet<>(current);
        Set<String> before = new TreeSet<>(baseline);
        List<Break> out = new ArrayList<>();
        for (String line : baseline) {
            if (now.contains(line)) {
                continue;
            }
            String type = typeOf(line);
            boolean header = line.equals(type + ": " + baseHeaders.get(type));
            if (!header && !currentHeaders.containsKey(type)) {
                continue; // reported once, with the type's header
            }
            if (!header && now.contains(line.replace(" abstract ", " default "))) {
                continue; // an abstract method that gained a default body
            }
            out.add(new Break(header && !currentHeaders.containsKey(type) ? "removed type" : "removed or changed", line));
        }
        for (String line : current) {
            if (before.contains(line) || !baseHeaders.containsKey(typeOf(line))) {
                continue;
            }
            String type = typeOf(line);
            String member = line.substring(type.length() + 2);
            if (member.startsWith("method ") && member.contains(" abstract ") && !member.contains(" static ")
                    && implementable(currentHeaders.get(type)) && !before.contains(line.replace(" abstract ", " default "))) {
                out.add(new Break("abstract method added to an implementable type", line));
            }
        }
        return out;
    }

    private static boolean implementable(String header) {
        if (header == null || header.contains(" sealed ") || header.contains(" final ")) {
            return false;
        }
        return header.contains(" interface ") || header.contains(" abstract class ");
    }

    private static Map<String, String> headers(List<String> lines) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : lines) {
            String type = typeOf(line);
            String member = line.substring(type.length() + 2);
            if (member.startsWith("type ")) {
                out.put(type, member);
            }
        }
        return out;
    }

    private static String typeOf(String line) {
        return line.substring(0, line.indexOf(": "));
    }

    /**
     * Parses declared breaks: one {@code <kind>: <line> # <reason>} per line (the form the check
     * prints), {@code #} comments and blank lines ignored.
     *
     * @throws IllegalArgumentException naming the line when a declaration has no reason
     */
    static Map<String, String> declarations(List<String> fileLines, String fileName) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < fileLines.size(); i++) {
            String raw = fileLines.get(i).strip();
            if (raw.isEmpty() || raw.startsWith("#")) {
                continue;
            }
            int hash = raw.lastIndexOf(" # ");
            if (hash < 0 || raw.substring(hash + 3).isBlank()) {
                throw new IllegalArgumentException(fileName + ":" + (i + 1) + ": a declared break needs a reason after ' # ': " + raw);
            }
            out.put(raw.substring(0, hash).strip(), raw.substring(hash + 3).strip());
        }
        return out;
    }
}
