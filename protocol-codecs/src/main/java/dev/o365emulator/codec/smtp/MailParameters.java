package dev.o365emulator.codec.smtp;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The ESMTP parameters of MAIL FROM (RFC 1870 SIZE, RFC 6152/3030 BODY, RFC 6531 SMTPUTF8,
 * RFC 3461 RET/ENVID, RFC 4954 AUTH), values xtext-decoded.
 *
 * @param size the declared message size; values too large for a long read as {@link Long#MAX_VALUE}
 * @param auth the AUTH= mailbox; {@code "<>"} when the client declared it unknown
 * @param others parameters not listed above, in the order sent
 */
public record MailParameters(OptionalLong size, Optional<Body> body, boolean smtpUtf8, Optional<Ret> ret,
        Optional<String> envelopeId, Optional<String> auth, List<EsmtpParameter> others) {

    /** No parameters at all. */
    public static final MailParameters NONE = new MailParameters(OptionalLong.empty(), Optional.empty(), false,
            Optional.empty(), Optional.empty(), Optional.empty(), List.of());

    public MailParameters {
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(ret, "ret");
        Objects.requireNonNull(envelopeId, "envelopeId");
        Objects.requireNonNull(auth, "auth");
        others = List.copyOf(others);
    }

    /** BODY= values. */
    public enum Body {
        SEVEN_BIT("7BIT"),
        EIGHT_BIT_MIME("8BITMIME"),
        BINARY_MIME("BINARYMIME");

        private final String keyword;

        Body(String keyword) {
            this.keyword = keyword;
        }

        /** The value as written on the wire. */
        public String keyword() {
            return keyword;
        }
    }

    /** RET= values (RFC 3461): return the full message or headers only in a DSN. */
    public enum Ret {
        FULL,
        HDRS
    }
}
