package dev.backflow.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/**
 * The handwritten digits data set (UCI "Optical Recognition of Handwritten Digits", as scikit-learn ships it:
 * 1797 images of 8×8 pixels with values 0-16, and their labels 0-9), read from {@code digits.csv.gz} on the
 * class path (its license is {@code digits-LICENSE.txt} beside it). Pixels are scaled by 1/16 to [0, 1].
 *
 * @param pixels {@code count × 64} pixels in [0, 1], row-major, one image per row
 * @param labels {@code count} labels in [0, 9]
 */
record Digits(float[] pixels, int[] labels) {
    static final int PIXELS = 64, CLASSES = 10, COUNT = 1797;

    /** Reads the whole data set from the class path. */
    static Digits load() {
        float[] pixels = new float[COUNT * PIXELS];
        int[] labels = new int[COUNT];
        try (InputStream raw = Digits.class.getResourceAsStream("digits.csv.gz")) {
            if (raw == null) {
                throw new IllegalStateException("digits.csv.gz is not on the class path");
            }
            BufferedReader in = new BufferedReader(
                    new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.US_ASCII));
            int row = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] fields = line.split(",");
                if (row == COUNT || fields.length != PIXELS + 1) {
                    throw new IllegalStateException("digits.csv.gz: unexpected row " + (row + 1) + ": " + line);
                }
                for (int p = 0; p < PIXELS; p++) {
                    pixels[row * PIXELS + p] = (float) (Double.parseDouble(fields[p]) / 16); // exact: v/16 of 0..16
                }
                labels[row++] = (int) Double.parseDouble(fields[PIXELS]);
            }
            if (row != COUNT) {
                throw new IllegalStateException("digits.csv.gz: " + row + " rows, expected " + COUNT);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Digits(pixels, labels);
    }

    /** The number of images. */
    int count() {
        return labels.length;
    }

    /** The images in the order {@code order} gives (image {@code i} of the result is {@code order[i]} here). */
    Digits reordered(int[] order) {
        float[] p = new float[order.length * PIXELS];
        int[] l = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            System.arraycopy(pixels, order[i] * PIXELS, p, i * PIXELS, PIXELS);
            l[i] = labels[order[i]];
        }
        return new Digits(p, l);
    }

    /** The images {@code [from, to)} as a data set of their own. */
    Digits slice(int from, int to) {
        int[] l = new int[to - from];
        System.arraycopy(labels, from, l, 0, l.length);
        float[] p = new float[l.length * PIXELS];
        System.arraycopy(pixels, from * PIXELS, p, 0, p.length);
        return new Digits(p, l);
    }
}
