package org.spikecodec.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import me.tongfei.progressbar.ProgressBar;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.spikecodec.evaluator.ProgressBars;

/**
 * Many files through one command in one JVM: the inputs (files, and the files of folders) paired with their outputs in
 * one folder, done on a few threads, a progress bar on stderr, every file's outcome kept. A file that fails is reported
 * and the others go on; outputs are written atomically by the work itself, so a failed file leaves nothing behind.
 */
public final class Batch {
    /** One input and the output it becomes. */
    public record Job(Path input, Path output) {}

    /** What one job gave: its result's fields (for {@code --json}), or the problem that stopped it. */
    public record Outcome(Job job, Map<String, Object> fields, Problem problem) {
        public boolean ok() { return problem == null; }
    }

    /** The work done for one job; it writes {@code job.output()} atomically and returns what to report. */
    @FunctionalInterface
    public interface Work { Map<String, Object> run(Job job) throws Exception; }

    /** The exit codes of a batch, for {@code --help}. */
    public static final String EXIT_CODES = "A batch (several inputs or folders into -o DIR) goes on past a bad file, then exits 0 when every file "
            + "was done, 1 when some file failed for another reason than its input, else 3 when some input was bad (unreadable, corrupt, "
            + "or a rate it cannot reach).";

    private Batch() {}

    /** The options a command that batches adds: {@code --out-dir}, {@code --threads}, {@code --json}. */
    public static void addOptions(Options o) {
        o.addOption(Option.builder().longOpt("out-dir").hasArg().argName("DIR")
                .desc("output folder for many inputs (also -o DIR when several inputs or a folder are given, or DIR exists)").build());
        o.addOption(Option.builder().longOpt("threads").hasArg().argName("N")
                .desc("files done at once in a batch (default: the number of processors)").build());
        o.addOption(Option.builder().longOpt("json").desc("print the result as JSON (a batch: every file's result and a summary)").build());
    }

    /**
     * The output folder when the command line asks for a batch, or null for the single-file form {@code IN -o OUT}:
     * a batch is {@code --out-dir DIR}, or {@code -o DIR} with several inputs, a folder among them, or a DIR that exists.
     *
     * @param fileExtensions extensions of the single-file form's output: {@code -o} ending in one of them names a
     *                       file, so a batch into it is refused rather than made a folder of that name
     */
    public static Path outputFolder(CommandLine cl, Collection<String> fileExtensions) throws UsageException {
        List<String> inputs = cl.getArgList();
        if (cl.hasOption("out-dir")) {
            if (cl.hasOption("output")) throw new UsageException("give -o or --out-dir, not both");
            return Path.of(cl.getOptionValue("out-dir"));
        }
        if (!cl.hasOption("output")) throw new UsageException("missing -o OUT (or -o DIR / --out-dir DIR for many inputs)");
        Path o = Path.of(cl.getOptionValue("output"));
        if (Files.isDirectory(o)) return o;
        boolean many = inputs.size() > 1 || inputs.stream().anyMatch(i -> Files.isDirectory(Path.of(i)));
        if (many && fileExtensions.contains(extension(o)))
            throw new UsageException("several inputs or a folder go into a folder, and " + o + " names a file; give -o DIR or --out-dir DIR");
        return many ? o : null;
    }

    /**
     * The jobs: each argument that is a folder stands for its files (not its subfolders) whose extension is one of
     * {@code extensions}, in name order; any other argument is a file, kept even if missing (its job then fails and
     * is reported). Each output is {@code DIR/NAME.outputExtension}, NAME being the input's name without extension.
     *
     * @throws UsageException when two inputs would write the same output, or a folder holds no such file
     */
    public static List<Job> plan(List<String> arguments, Path outDir, Set<String> extensions, String outputExtension) throws UsageException, IOException {
        List<Path> inputs = new ArrayList<>();
        for (String a : arguments) {
            Path p = Path.of(a);
            if (!Files.isDirectory(p)) { inputs.add(p); continue; }
            try (Stream<Path> files = Files.list(p)) {
                List<Path> found = files.filter(f -> Files.isRegularFile(f) && extensions.contains(extension(f))).sorted().toList();
                if (found.isEmpty()) throw new UsageException("folder " + p + " holds no file ending in ." + String.join(", .", extensions.stream().sorted().toList()));
                inputs.addAll(found);
            }
        }
        Map<Path, Path> byOutput = new HashMap<>();
        List<Job> jobs = new ArrayList<>();
        for (Path in : inputs) {
            String name = in.getFileName().toString();
            int dot = name.lastIndexOf('.');
            Path out = outDir.resolve((dot > 0 ? name.substring(0, dot) : name) + "." + outputExtension);
            Path earlier = byOutput.putIfAbsent(out.toAbsolutePath().normalize(), in);
            if (earlier != null) throw new UsageException(earlier + " and " + in + " would both be written to " + out + "; rename one or run them apart");
            jobs.add(new Job(in, out));
        }
        return jobs;
    }

    /** {@code --threads}, default the number of processors, never more than the jobs. */
    public static int threads(CommandLine cl, int jobs) throws UsageException {
        int n = CodecOptions.integer(cl, "threads", Runtime.getRuntime().availableProcessors(), 1, 1024);
        return Math.max(1, Math.min(n, jobs));
    }

    /**
     * Runs every job on {@code threads} threads, a progress bar on {@code progress}; returns the outcomes in the jobs'
     * order. A job that throws (an error included: one huge image out of memory must not stop the others) is an outcome
     * with its problem.
     */
    public static List<Outcome> run(String task, List<Job> jobs, int threads, boolean verbose, Work work, PrintStream progress)
            throws InterruptedException, IOException {
        // The output folder is made once, here: a folder that cannot be made fails the batch, not each file in turn.
        for (Path folder : jobs.stream().map(j -> j.output().toAbsolutePath().getParent()).distinct().toList()) Files.createDirectories(folder);
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "spikecodec-" + task);
            t.setDaemon(true);
            return t;
        });
        try (ProgressBar bar = ProgressBars.bar(task, jobs.size(), " files", progress)) {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (Job job : jobs)
                futures.add(pool.submit(() -> {
                    try {
                        return new Outcome(job, work.run(job), null);
                    } catch (Exception | OutOfMemoryError | StackOverflowError e) {
                        org.slf4j.LoggerFactory.getLogger(Batch.class).debug("{}: {}", job.input(), e.toString(), e);
                        return new Outcome(job, null, Problem.of(e, verbose));
                    } finally {
                        bar.step();
                    }
                }));
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> f : futures) {
                try {
                    outcomes.add(f.get());
                } catch (ExecutionException e) { // not thrown: every throwable that matters is caught above
                    throw new IllegalStateException(e.getCause());
                }
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The exit code of a batch: {@link ExitCode#OK} when every file was done, {@link ExitCode#FAILURE} when some file
     * failed for a reason other than its input (an output that cannot be written, an internal error), else
     * {@link ExitCode#BAD_INPUT} when some input was bad (unreadable, corrupt, or asking what the codec cannot do).
     */
    public static int exitCode(List<Outcome> outcomes) {
        boolean bad = false;
        for (Outcome o : outcomes) {
            if (o.ok()) continue;
            if (o.problem().exitCode() == ExitCode.FAILURE) return ExitCode.FAILURE;
            bad = true;
        }
        return bad ? ExitCode.BAD_INPUT : ExitCode.OK;
    }

    /**
     * Reports a batch: with {@code json}, one document on {@code out} (every file's fields or error, and the totals);
     * else one line per file done on {@code out}, one per failed file on {@code err}, and a summary line on {@code out}.
     *
     * @param line a file's line of text from its fields
     */
    public static void report(String command, List<Outcome> outcomes, long nanos, int threads, boolean json,
                              java.util.function.Function<Map<String, Object>, String> line, PrintStream out, PrintStream err) {
        long done = outcomes.stream().filter(Outcome::ok).count();
        double seconds = nanos / 1e9;
        for (Outcome o : outcomes) {
            if (o.ok()) continue;
            String message = o.problem().message(); // the engine's messages about an image file name it already
            err.println("spikecodec " + command + ": " + (message.contains(o.job().input().toString()) ? "" : o.job().input() + ": ") + message);
        }
        if (json) {
            List<Map<String, Object>> files = new ArrayList<>();
            for (Outcome o : outcomes) {
                Map<String, Object> m;
                if (o.ok()) {
                    m = new LinkedHashMap<>(o.fields());
                } else {
                    m = new LinkedHashMap<>();
                    m.put("input", o.job().input().toString());
                    m.put("output", o.job().output().toString());
                    m.put("error", o.problem().message());
                    m.put("exitCode", o.problem().exitCode());
                }
                m.put("ok", o.ok());
                files.add(m);
            }
            Map<String, Object> all = new LinkedHashMap<>();
            all.put("files", files);
            all.put("done", done);
            all.put("failed", outcomes.size() - done);
            all.put("threads", threads);
            all.put("seconds", seconds);
            all.put("filesPerSecond", outcomes.size() / seconds);
            all.put("exitCode", exitCode(outcomes));
            out.println(Json.write(all));
        } else {
            for (Outcome o : outcomes) if (o.ok()) out.println(line.apply(o.fields()));
            out.printf(Locale.ROOT, "%s: %d of %d files done, %d failed, in %.1f s (%.2f files/s, %d threads)%n", command, done, outcomes.size(),
                    outcomes.size() - done, seconds, outcomes.size() / seconds, threads);
        }
    }

    static String extension(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
