package dev.gemmastreams.engine.tokenizer;

/** The real tokenizer.json could not be provided; the message says why and what to do about it. */
public final class TokenizerProvisioningException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TokenizerProvisioningException(String message) {
        super(message);
    }

    public TokenizerProvisioningException(String message, Throwable cause) {
        super(message, cause);
    }
}
