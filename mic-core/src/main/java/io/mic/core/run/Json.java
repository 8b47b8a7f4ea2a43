package io.mic.core.run;

/** A minimal JSON writer for run outputs (no dependency for a dozen fields). Not thread-safe. */
final class Json {
    private final StringBuilder sb = new StringBuilder();
    private boolean first = true;
    private int depth;

    Json begin() {
        sb.append('{');
        first = true;
        depth++;
        return this;
    }

    Json end() {
        depth--;
        newline();
        sb.append('}');
        first = false;
        return this;
    }

    Json beginArray(String key) {
        key(key);
        sb.append('[');
        first = true;
        depth++;
        return this;
    }

    Json endArray() {
        depth--;
        newline();
        sb.append(']');
        first = false;
        return this;
    }

    /** Starts an object as an array element. */
    Json element() {
        comma();
        newline();
        return begin();
    }

    Json object(String key) {
        key(key);
        return begin();
    }

    Json field(String key, String value) {
        key(key);
        string(value);
        return this;
    }

    Json field(String key, long value) {
        key(key);
        sb.append(value);
        return this;
    }

    Json field(String key, double value) {
        key(key);
        if (Double.isFinite(value)) {
            sb.append(value);
        } else {
            sb.append("null");
        }
        return this;
    }

    private void key(String key) {
        comma();
        newline();
        string(key);
        sb.append(": ");
    }

    private void comma() {
        if (!first) {
            sb.append(',');
        }
        first = false;
    }

    private void newline() {
        sb.append('\n');
        for (int i = 0; i < depth; i++) {
            sb.append("  ");
        }
    }

    private void string(String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    sb.append("\\\"");
                    break;
                case '\\':
                    sb.append("\\\\");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                case '\t':
                    sb.append("\\t");
                    break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }

    @Override
    public String toString() {
        return sb.toString() + "\n";
    }
}
