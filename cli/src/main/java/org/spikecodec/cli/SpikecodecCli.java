package org.spikecodec.cli;

import ch.qos.logback.classic.Level;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spikecodec.cli.commands.BenchCommand;
import org.spikecodec.cli.commands.CompareCommand;
import org.spikecodec.cli.commands.DecodeCommand;
import org.spikecodec.cli.commands.EncodeCommand;
import org.spikecodec.cli.commands.InfoCommand;
import org.spikecodec.cli.commands.SpikesCommand;
import org.spikecodec.cli.commands.DevicesCommand;
import org.spikecodec.cli.commands.EvaluateCommand;
import org.spikecodec.kernels.opencl.SignalChaining;

/** Entry point: {@code spikecodec COMMAND [options]}. A thin layer: parsing, dispatch, exit codes. */
public final class SpikecodecCli {
    private static final Logger log = LoggerFactory.getLogger(SpikecodecCli.class);

    private static final List<String> COMMANDS = List.of("encode", "decode", "info", "compare", "spikes", "devices", "evaluate", "bench");
    static final String EXIT_CODES = "Exit codes: 0 success, 1 failure, 2 bad usage, 3 bad input (unreadable, corrupt or unsupported file).";
    private final PrintStream out;
    private final PrintStream err;

    public SpikecodecCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /**
     * The command of that name, made on demand: start-up loads only the classes of the command that runs (a switch,
     * not a table of lambdas, whose bootstrap alone costs tens of milliseconds in a cold JVM).
     */
    static Command command(String name) {
        return switch (name) {
            case "encode" -> new EncodeCommand();
            case "decode" -> new DecodeCommand();
            case "info" -> new InfoCommand();
            case "compare" -> new CompareCommand();
            case "spikes" -> new SpikesCommand();
            case "devices" -> new DevicesCommand();
            case "evaluate" -> new EvaluateCommand();
            case "bench" -> new BenchCommand();
            default -> null;
        };
    }

    public static void main(String[] args) {
        System.exit(new SpikecodecCli(System.out, System.err).run(args));
    }

    public int run(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            printOverview(args.length == 0 ? err : out);
            return args.length == 0 ? ExitCode.USAGE : ExitCode.OK;
        }
        if (args[0].equals("--version")) {
            // The runtime too: the launcher picks the newest JDK present, and OpenCL needs signal chaining.
            out.println("spikecodec " + version());
            out.println("Java " + Runtime.version() + " (" + System.getProperty("java.home") + "), signal chaining "
                    + (SignalChaining.active() ? "on" : "off") + ", Vector API " + (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() ? "on" : "off"));
            return ExitCode.OK;
        }
        Command cmd = command(args[0]);
        if (cmd == null) {
            err.println("spikecodec: unknown command '" + args[0] + "'. Commands: " + String.join(", ", COMMANDS) + ". See 'spikecodec --help'.");
            return ExitCode.USAGE;
        }
        Options opts = withCommonOptions(cmd.options());
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        CommandLine cl;
        try {
            cl = new DefaultParser().parse(opts, rest);
        } catch (ParseException e) {
            err.println("spikecodec " + cmd.name() + ": " + e.getMessage() + ". See 'spikecodec " + cmd.name() + " --help'.");
            return ExitCode.USAGE;
        }
        if (cl.hasOption("help")) { printHelp(cmd, opts, out); return ExitCode.OK; }
        setVerbose(cl.hasOption("verbose"));
        try {
            return cmd.run(cl, out, err);
        } catch (Exception | OutOfMemoryError | StackOverflowError e) {
            Problem p = Problem.of(e, cl.hasOption("verbose"));
            err.println("spikecodec " + cmd.name() + ": " + p.message());
            log.debug("exit code {}", p.exitCode(), e);
            return p.exitCode();
        }
    }

    private static Options withCommonOptions(Options o) {
        Options all = new Options();
        o.getOptions().forEach(all::addOption);
        all.addOption(Option.builder("h").longOpt("help").desc("show this help").build());
        all.addOption(Option.builder("v").longOpt("verbose").desc("log debug details to stderr").build());
        return all;
    }

    private void printOverview(PrintStream ps) {
        ps.println("spikecodec " + version() + ": image compression with Leaky Integrate-and-Fire neurons");
        ps.println();
        ps.println("Usage: spikecodec COMMAND [options]   (spikecodec COMMAND --help for its options)");
        ps.println();
        ps.println("Commands:");
        for (String name : COMMANDS) ps.printf("  %-10s %s%n", name, command(name).summary());
        ps.println();
        ps.println(EXIT_CODES);
        ps.println(Batch.EXIT_CODES);
    }

    private static void printHelp(Command cmd, Options opts, PrintStream ps) {
        HelpFormatter f = new HelpFormatter();
        f.setWidth(100);
        PrintWriter pw = new PrintWriter(ps, true);
        f.printHelp(pw, 100, "spikecodec " + cmd.name() + " " + cmd.usage(), cmd.summary(), opts, 2, 2,
                "\n" + EXIT_CODES + (cmd.helpFooter().isEmpty() ? "" : " " + cmd.helpFooter()), false);
        pw.flush();
    }

    private static void setVerbose(boolean verbose) {
        if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root)
            root.setLevel(verbose ? Level.DEBUG : Level.WARN);
    }

    static String version() {
        String v = SpikecodecCli.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
