package dev.gemmastreams.engine.random;

import java.nio.ByteBuffer;

/** The weight formats the random model writer produces. */
public enum WeightDType {
    F32("F32", "float32", 4),
    BF16("BF16", "bfloat16", 2);

    private final String safetensorsName;
    private final String torchName;
    private final int bytes;

    WeightDType(String safetensorsName, String torchName, int bytes) {
        this.safetensorsName = safetensorsName;
        this.torchName = torchName;
        this.bytes = bytes;
    }

    public String safetensorsName() {
        return safetensorsName;
    }

    /** The value of config.json's {@code torch_dtype}. */
    public String torchName() {
        return torchName;
    }

    public int bytes() {
        return bytes;
    }

    void put(ByteBuffer buf, float v) {
        if (this == F32) {
            buf.putFloat(v);
        } else {
            buf.putShort(toBFloat16(v));
        }
    }

    /** float32 -> bfloat16 with round-to-nearest-even, as torch's {@code .to(torch.bfloat16)} does. */
    static short toBFloat16(float v) {
        int bits = Float.floatToRawIntBits(v);
        if (Float.isNaN(v)) {
            return (short) 0x7fc0;
        }
        int rounding = 0x7fff + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }
}
