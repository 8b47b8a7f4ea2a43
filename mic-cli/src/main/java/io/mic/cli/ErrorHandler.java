package io.mic.cli;

import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;

/**
 * Bad input (config, data, ids) is the user's to fix: one clear line on stderr, exit code 2.
 * Anything else is our bug: full stack trace, exit code 1.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
        Throwable t = ex instanceof UncheckedIOException && ex.getCause() != null ? ex.getCause() : ex;
        if (t instanceof IllegalArgumentException || t instanceof NoSuchFileException) {
            cl.getErr().println("error: " + (t instanceof NoSuchFileException ? "no such file: " + t.getMessage() : t.getMessage()));
            return 2;
        }
        cl.getErr().println("internal error (please report):");
        t.printStackTrace(cl.getErr());
        return 1;
    }
}
