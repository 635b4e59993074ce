package org.spikecodec.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikecodec.engine.codec.TestImages;

/**
 * The Java example of README.md, exactly as printed there: the first {@code java} block of its "Java API" section is
 * compiled against the test class path and run on a photo, so that the README cannot drift from the API.
 */
class ReadmeExampleTest {
    @TempDir Path dir;

    @Test
    void readmeExampleCompilesAndRuns() throws Exception {
        String source = example(Files.readString(readme()));
        Matcher name = Pattern.compile("public class (\\w+)").matcher(source);
        assertTrue(name.find(), "the example declares no public class");
        Path src = dir.resolve("src").resolve(name.group(1) + ".java"), classes = dir.resolve("classes");
        Files.createDirectories(src.getParent());
        Files.createDirectories(classes);
        Files.writeString(src, source);

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "no system Java compiler: tests need a JDK");
        StringWriter diagnostics = new StringWriter();
        boolean compiled = javac.getTask(diagnostics, null, null,
                List.of("-classpath", testClassPath(), "-d", classes.toString(), "-Xlint:all", "-Werror"), null,
                javac.getStandardFileManager(null, null, null).getJavaFileObjects(src.toFile())).call();
        assertTrue(compiled, "the README example does not compile:\n" + diagnostics);

        Path spk = dir.resolve("astronaut.spk");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            Method main = loader.loadClass(name.group(1)).getMethod("main", String[].class);
            main.invoke(null, (Object) new String[] {TestImages.photo("astronaut.png").toString(), spk.toString()});
        }
        BufferedImage photo = ImageIO.read(TestImages.photo("astronaut.png").toFile());
        double bpp = Files.size(spk) * 8.0 / ((long) photo.getWidth() * photo.getHeight());
        assertEquals(0.5, bpp, 0.005, "the example's file rate");
        BufferedImage png = ImageIO.read(new File(spk + ".png"));
        assertEquals(photo.getWidth(), png.getWidth());
        assertEquals(photo.getHeight(), png.getHeight());
    }

    private static Path readme() {
        for (Path p : new Path[] {Path.of("README.md"), Path.of("..", "README.md")})
            if (Files.isRegularFile(p) && Files.exists(p.resolveSibling("engine"))) return p;
        throw new IllegalStateException("README.md of the repository not found from " + Path.of("").toAbsolutePath());
    }

    /** The first fenced java block after the "## Java API" heading. */
    static String example(String readme) {
        int section = readme.indexOf("\n## Java API\n");
        assertTrue(section >= 0, "README.md has no '## Java API' section");
        int start = readme.indexOf("```java\n", section);
        int next = readme.indexOf("\n## ", section + 1);
        assertTrue(start >= 0 && (next < 0 || start < next), "the Java API section has no java block");
        int end = readme.indexOf("\n```", start + 8);
        return readme.substring(start + 8, end + 1);
    }

    /** Surefire's class path of this test run (java.class.path is its booter jar when it uses a manifest-only jar). */
    private static String testClassPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }
}
