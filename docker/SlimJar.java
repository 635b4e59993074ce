import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Removes from the application jar, in place, the native libraries of every platform but the one this JVM runs on
 * (the shaded jar carries ONNX Runtime's, JOCL's and JLine's for Linux, macOS and Windows on several CPUs: 95 of its
 * 114 MB). Run by the Dockerfiles' runtime stages with the JDK's source launcher, no build tool needed:
 * <pre>java docker/SlimJar.java spikecodec.jar</pre>
 * Only the three known native folders are touched; a folder that has natives but none for this platform is an error
 * (a renamed platform folder must not silently leave the image without its library). Entries are removed through the
 * zip file system, which copies the others as they are (no recompression).
 */
public class SlimJar {
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java SlimJar.java JAR");
            System.exit(2);
        }
        boolean arm = System.getProperty("os.arch").matches("aarch64|arm64");
        // Each native folder, and the name of this platform's subfolder (or file-name part) in it.
        Map<String, String> keep = Map.of(
                "ai/onnxruntime/native/", arm ? "linux-aarch64/" : "linux-x64/",   // ONNX Runtime (the evaluator)
                "org/jline/nativ/", arm ? "Linux/arm64/" : "Linux/x86_64/",        // JLine (the progress bars)
                "lib/", arm ? "-linux-arm64." : "-linux-x86_64.");                  // JOCL (the OpenCL backend)
        Path jar = Path.of(args[0]);
        long before = Files.size(jar);
        List<Path> drop = new ArrayList<>();
        int kept = 0;
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + jar.toUri()), Map.of())) {
            List<Path> files;
            try (Stream<Path> all = Files.walk(zip.getPath("/"))) {
                files = all.filter(Files::isRegularFile).toList();
            }
            for (Map.Entry<String, String> folder : keep.entrySet()) {
                int mine = 0, others = 0;
                for (Path f : files) {
                    String name = f.toString().substring(1);
                    if (!name.startsWith(folder.getKey()) || !isNative(name)) continue;
                    if (name.substring(folder.getKey().length()).contains(folder.getValue())) mine++;
                    else { others++; drop.add(f); }
                }
                if (others > 0 && mine == 0) {
                    System.err.println("SlimJar: " + folder.getKey() + " has natives, none for " + folder.getValue()
                            + " (this platform); nothing removed");
                    System.exit(1);
                }
                kept += mine;
            }
            for (Path f : drop) Files.delete(f);
            // The folders this left empty (macOS's .dSYM bundles are trees).
            try (Stream<Path> all = Files.walk(zip.getPath("/"))) {
                for (Path d : all.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList()) {
                    String name = d.toString().substring(1) + "/";
                    boolean inNativeFolder = keep.keySet().stream().anyMatch(k -> name.startsWith(k) && !name.equals(k));
                    if (inNativeFolder && isEmpty(d)) Files.delete(d);
                }
            }
        }
        System.out.printf("SlimJar: %s: removed %d native files of other platforms, kept %d; %.1f MB -> %.1f MB%n",
                jar, drop.size(), kept, before / 1e6, Files.size(jar) / 1e6);
    }

    private static boolean isNative(String name) {
        return name.matches(".*\\.(so|dll|dylib|jnilib|pdb)$") || name.contains(".dSYM/")
                || name.startsWith("org/jline/nativ/");
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }
}
