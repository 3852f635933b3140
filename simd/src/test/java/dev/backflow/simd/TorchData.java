package dev.backflow.simd;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * One case of the PyTorch oracle data in the test resources {@code /torch/<case>.bin}, as
 * {@code scripts/torch-oracle.py} writes it: {@code "BFT1"}, a record count, then named little-endian int32
 * ({@code i}) or float32 ({@code f}) arrays. A missing, truncated or malformed file fails the test that reads it.
 */
final class TorchData {
    private final String file;
    private final Map<String, int[]> ints = new HashMap<>();
    private final Map<String, float[]> floats = new HashMap<>();

    private TorchData(String file) {
        this.file = file;
    }

    static TorchData load(String name) {
        String file = "/torch/" + name + ".bin";
        byte[] bytes;
        try (InputStream in = TorchData.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException(file + " is missing: regenerate it with scripts/torch-oracle.py");
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TorchData data = new TorchData(file);
        try {
            data.parse(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
        } catch (BufferUnderflowException | NegativeArraySizeException e) {
            throw new IllegalStateException(file + " is truncated", e);
        }
        return data;
    }

    private void parse(ByteBuffer in) {
        byte[] magic = new byte[4];
        in.get(magic);
        if (!"BFT1".equals(new String(magic, StandardCharsets.US_ASCII))) {
            throw new IllegalStateException(file + " does not start with BFT1");
        }
        int records = in.getInt();
        for (int r = 0; r < records; r++) {
            byte[] name = new byte[in.get() & 0xff];
            in.get(name);
            String key = new String(name, StandardCharsets.US_ASCII);
            char type = (char) in.get();
            int count = in.getInt();
            if (type == 'i') {
                int[] values = new int[count];
                in.asIntBuffer().get(values);
                ints.put(key, values);
            } else if (type == 'f') {
                float[] values = new float[count];
                in.asFloatBuffer().get(values);
                floats.put(key, values);
            } else {
                throw new IllegalStateException(file + ": record " + key + " has unknown type " + type);
            }
            in.position(in.position() + count * 4);
        }
        if (in.hasRemaining()) {
            throw new IllegalStateException(file + " has " + in.remaining() + " bytes after its last record");
        }
    }

    /** A copy of the float record {@code name}, so that a test may use it as an output. */
    float[] floats(String name) {
        float[] values = floats.get(name);
        if (values == null) {
            throw new IllegalStateException(file + " has no float record " + name);
        }
        return values.clone();
    }

    int[] ints(String name) {
        int[] values = ints.get(name);
        if (values == null) {
            throw new IllegalStateException(file + " has no int record " + name);
        }
        return values.clone();
    }

    /** The single int record {@code name}. */
    int one(String name) {
        int[] values = ints(name);
        if (values.length != 1) {
            throw new IllegalStateException(file + ": record " + name + " holds " + values.length + " values, not 1");
        }
        return values[0];
    }
}
