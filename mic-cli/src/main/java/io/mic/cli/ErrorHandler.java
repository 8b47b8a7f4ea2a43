package io.mic.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;

/**
 * Bad input (config, data, ids, artifacts, files, arguments) is the user's to fix: one clear line
 * on stderr, exit code 2. Anything else is our bug: full stack trace, exit code 1.
 *
 * <p>Bad input is an {@link IllegalArgumentException} (config, data format and plugin parameter
 * errors are subclasses naming file:line or key) or an {@link IOException} (a missing, unreadable,
 * corrupt or existing file: the file system is input too), directly or as the cause of an
 * {@link UncheckedIOException}.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
        String line = badInput(ex);
        if (line != null) {
            cl.getErr().println("error: " + line);
            return 2;
        }
        cl.getErr().println("internal error (please report):");
        ex.printStackTrace(cl.getErr());
        return 1;
    }

    /** Unknown options, missing or malformed values: one line and where to look, not the whole usage text. */
    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        cl.getErr().println("error: " + oneLine(ex.getMessage()) + " (see `" + cl.getCommandSpec().qualifiedName() + " --help`)");
        return 2;
    }

    /** The one-line message when {@code ex} is bad input, else null. */
    static String badInput(Throwable ex) {
        Throwable t = ex instanceof UncheckedIOException && ex.getCause() != null ? ex.getCause() : ex;
        if (t instanceof NoSuchFileException n) {
            return "no such file: " + (n.getFile() != null ? n.getFile() : n.getMessage())
                    + (n.getReason() != null && !n.getReason().equals(n.getFile()) ? " (" + oneLine(n.getReason()) + ")" : "");
        }
        if (t instanceof FileSystemException f) {
            return f.getFile() + ": " + (f.getReason() != null ? oneLine(f.getReason()) : f.getClass().getSimpleName()
                    .replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT))
                    + (f.getOtherFile() != null ? " (" + f.getOtherFile() + ")" : "");
        }
        if (t instanceof IllegalArgumentException || t instanceof IOException) {
            String m = t.getMessage();
            if (t instanceof IOException && ex instanceof UncheckedIOException && ex.getMessage() != null && m != null
                    && !ex.getMessage().contains(m)) {
                m = ex.getMessage() + ": " + m;
            } else if (m == null && ex.getMessage() != null) {
                m = ex.getMessage();
            }
            return oneLine(m == null ? t.toString() : m);
        }
        return null;
    }

    static String oneLine(String s) {
        return s.strip().replace("\r", "").replace("\n", "; ");
    }
}
