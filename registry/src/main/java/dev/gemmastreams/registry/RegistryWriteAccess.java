package dev.gemmastreams.registry;

import dev.gemmastreams.registry.RegistryServeMode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Who may change the served registry over HTTP: nobody in read-only mode; in read-write mode anyone, or, with
 * write credentials set, only requests carrying them as HTTP basic authentication (the scheme Confluent's clients
 * send with basic.auth.user.info). Reads are never restricted. The credentials never appear in any answer.
 */
public class RegistryWriteAccess {

    private final RegistryServeMode mode;
    private final byte[] expectedHeader;

    /** @param writeCredentials "user:password", or null when writes need none */
    public RegistryWriteAccess(RegistryServeMode mode, String writeCredentials) {
        this.mode = mode;
        this.expectedHeader = writeCredentials == null ? null : ("Basic " + Base64.getEncoder()
                .encodeToString(writeCredentials.getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.UTF_8);
    }

    /** @param authorization the request's Authorization header, or null */
    void requireWriteAllowed(String authorization) {
        if (mode != RegistryServeMode.READ_WRITE) {
            throw RegistryError.forbidden("This schema registry is read-only (gemma-streams.registry.serve=read-only)");
        }
        if (expectedHeader == null) {
            return;
        }
        if (authorization == null) {
            throw RegistryError.unauthorized("Writing to this schema registry needs HTTP basic credentials");
        }
        // Constant time, so the answer's timing says nothing about how much of a guess was right.
        if (!MessageDigest.isEqual(expectedHeader, authorization.trim().getBytes(StandardCharsets.UTF_8))) {
            throw RegistryError.unauthorized("The credentials sent are not valid for writing to this schema registry");
        }
    }
}
