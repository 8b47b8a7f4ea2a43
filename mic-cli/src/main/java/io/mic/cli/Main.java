package io.mic.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code mic} command. */
@Command(name = "mic", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Train, evaluate and serve recommendation retrieval models (MIC, Re4, MISSRec, CRM-MAN).",
        subcommands = {QuickstartCommand.class, TrainCommand.class, TuneCommand.class, EvalCommand.class, RecommendCommand.class, IndexCommand.class, ServeCommand.class, EvalChannelsCommand.class, ExportCommand.class,
                InspectDataCommand.class, PluginsCommand.class, FeaturesCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    /** jvector logs through java.util.logging; its fallback notices (no Vector API on Java 17) are not the user's concern. */
    private static final java.util.logging.Logger JVECTOR_LOG = java.util.logging.Logger.getLogger("io.github.jbellis.jvector");

    static {
        JVECTOR_LOG.setLevel(java.util.logging.Level.SEVERE);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (0 ok, 1 internal error, 2 bad input). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        ErrorHandler errors = new ErrorHandler();
        cl.setExecutionExceptionHandler(errors);
        cl.setParameterExceptionHandler(errors);
        return cl.execute(args);
    }

    /** Prints the framework version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"mic " + io.mic.core.run.RunWriter.FRAMEWORK_VERSION};
        }
    }
}
