package io.mic.spi;

/**
 * A configuration error: unknown key, wrong type, out-of-range value, missing field, unknown
 * plugin name. The message always names where ({@code file:line} or the plugin), the key and the
 * offending value, so a user can fix the file without reading code.
 */
public class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String key;

    public ConfigException(String source, String key, String message) {
        super(format(source, key, message));
        this.source = source;
        this.key = key;
    }

    public ConfigException(String source, String key, String message, Throwable cause) {
        super(format(source, key, message), cause);
        this.source = source;
        this.key = key;
    }

    private static String format(String source, String key, String message) {
        StringBuilder sb = new StringBuilder();
        if (source != null && !source.isEmpty()) {
            sb.append(source).append(": ");
        }
        if (key != null && !key.isEmpty()) {
            sb.append('\'').append(key).append("': ");
        }
        return sb.append(message).toString();
    }

    /** Where the error is ({@code file:line}, or {@code plugin 'name'}); may be empty. */
    public String source() {
        return source;
    }

    /** The offending key or field path; may be empty. */
    public String key() {
        return key;
    }
}
