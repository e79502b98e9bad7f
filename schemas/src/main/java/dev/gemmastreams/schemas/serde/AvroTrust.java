package dev.gemmastreams.schemas.serde;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12 only instantiates classes from trusted packages when it maps schema names to classes; our generated
 * records live in dev.gemmastreams, so the serdes add that package to the trusted ones, once per JVM.
 */
final class AvroTrust {

    static final String PACKAGE = "dev.gemmastreams";
    private static final String PROPERTY = "org.apache.avro.SERIALIZABLE_PACKAGES";

    private static boolean done;

    private AvroTrust() {
    }

    static synchronized void trustOurPackages() {
        if (done) {
            return;
        }
        done = true;
        // The property is read once when Avro's validator initialises; set it for that case, keeping what is there.
        String current = System.getProperty(PROPERTY);
        if (current == null || current.isBlank()) {
            System.setProperty(PROPERTY, PACKAGE);
        } else if (!(',' + current.replace(" ", "") + ',').contains(',' + PACKAGE + ',')) {
            System.setProperty(PROPERTY, current + ',' + PACKAGE);
        }
        // If the validator already initialised, only its API can still widen it.
        ClassSecurityValidator.ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(previous,
                type -> type.getName().startsWith(PACKAGE + '.')));
    }
}
