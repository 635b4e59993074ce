/**
 * The {@code .spk} format as a {@code javax.imageio} plugin (format name {@code spk}, suffix {@code .spk}, MIME type
 * {@value org.spikecodec.engine.imageio.SpkImageReaderSpi#MIME_TYPE}), registered through
 * {@code META-INF/services}: with the engine jar on the class path, {@code ImageIO.read(file)} reads a {@code .spk}
 * file and {@code ImageIO.write(image, "spk", out)} writes one. Both run on the pure-Java backend (files and images
 * are bit-identical on every backend, and an image reader should not load OpenCL behind its caller's back).
 */
package org.spikecodec.engine.imageio;
