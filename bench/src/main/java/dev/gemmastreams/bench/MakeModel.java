package dev.gemmastreams.bench;

/** Writes (once) the cached random model of a shape and prints its folder: {@code MakeModel gemma-2-2b}. */
public final class MakeModel {

    private MakeModel() {
    }

    public static void main(String[] args) {
        System.out.println(BenchSupport.randomModel(args.length > 0 ? args[0] : "gemma-2-2b"));
    }
}
