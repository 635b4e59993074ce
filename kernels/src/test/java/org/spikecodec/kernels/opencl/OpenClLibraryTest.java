package org.spikecodec.kernels.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenClLibraryTest {
    @TempDir Path dir;

    @Test
    void theJvmsOwnLibraryLooksLoadable() {
        Path libjava = Path.of(System.getProperty("java.home"), "lib", "libjava.so");
        if (Files.isRegularFile(libjava)) assertNull(OpenClLibrary.whyNotLoadable(libjava)); // a library this process has loaded
    }

    @Test
    void emptyForeignAndMissingFilesAreRejected() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.so"));
        assertEquals("is not an ELF shared object", OpenClLibrary.whyNotLoadable(empty));
        byte[] elf32 = new byte[64];
        elf32[0] = 0x7f; elf32[1] = 'E'; elf32[2] = 'L'; elf32[3] = 'F';
        elf32[4] = 1; // ELFCLASS32
        elf32[5] = 1; // little-endian
        Path lib32 = Files.write(dir.resolve("lib32.so"), elf32);
        if ("64".equals(System.getProperty("sun.arch.data.model"))) assertEquals("is a 32-bit library", OpenClLibrary.whyNotLoadable(lib32));
        assertTrue(OpenClLibrary.whyNotLoadable(dir.resolve("absent.so")).startsWith("is not readable"));
    }

    @Test
    void candidatesExistAndAreAbsolute() {
        for (Path p : OpenClLibrary.candidates()) {
            assertTrue(p.isAbsolute(), p.toString());
            assertTrue(Files.exists(p), p.toString());
            assertTrue(OpenClLibrary.NAMES.contains(p.getFileName().toString()), p.toString());
        }
    }
}
