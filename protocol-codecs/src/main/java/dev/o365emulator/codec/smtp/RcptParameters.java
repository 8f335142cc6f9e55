package dev.o365emulator.codec.smtp;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The ESMTP parameters of RCPT TO (RFC 3461 NOTIFY and ORCPT), values xtext-decoded.
 *
 * @param notifyOn the NOTIFY= values; empty when the client sent none
 * @param others parameters not listed above, in the order sent
 */
public record RcptParameters(Set<Notify> notifyOn, Optional<OriginalRecipient> originalRecipient,
        List<EsmtpParameter> others) {

    /** No parameters at all. */
    public static final RcptParameters NONE = new RcptParameters(Set.of(), Optional.empty(), List.of());

    public RcptParameters {
        notifyOn = Set.copyOf(notifyOn);
        Objects.requireNonNull(originalRecipient, "originalRecipient");
        others = List.copyOf(others);
    }

    /** NOTIFY= values; NEVER never comes with the others. */
    public enum Notify {
        NEVER,
        SUCCESS,
        FAILURE,
        DELAY
    }

    /**
     * ORCPT=: the recipient as originally given.
     *
     * @param addressType such as {@code rfc822}, as sent
     * @param address xtext-decoded
     */
    public record OriginalRecipient(String addressType, String address) {
    }
}
