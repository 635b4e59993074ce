/**
 * The evaluator (issue 4): classifies decoded images with an ONNX model across a bitrate sweep, beside
 * JPEG and JPEG 2000, and reports the breaking point. Not yet built.
 */
package org.spikecodec.evaluator;
