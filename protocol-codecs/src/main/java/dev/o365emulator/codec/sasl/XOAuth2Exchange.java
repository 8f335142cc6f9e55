package dev.o365emulator.codec.sasl;

/**
 * XOAUTH2 (Google's and Microsoft's format): one message
 * {@code user=<user>^Aauth=Bearer <token>^A^A} (^A is 0x01), sent as the initial response or after
 * an empty challenge ({@code 334 } in SMTP). Whether the token is valid is the session's business.
 */
public final class XOAuth2Exchange extends SingleMessageExchange {

    private static final char SEPARATOR = '\u0001';
    private static final String BEARER = "Bearer ";

    XOAuth2Exchange() {
    }

    /** The base64 string a client sends for this user and token (for tests and tools). */
    public static String clientResponse(String user, String token) {
        return SaslBase64.encode("user=" + user + SEPARATOR + "auth=" + BEARER + token + SEPARATOR + SEPARATOR);
    }

    @Override
    public SaslMechanism mechanism() {
        return SaslMechanism.XOAUTH2;
    }

    @Override
    SaslStep interpret(String message) {
        String terminator = "" + SEPARATOR + SEPARATOR;
        if (!message.endsWith(terminator)) {
            return malformed("XOAUTH2 message must end with ^A^A");
        }
        String user = null;
        String auth = null;
        for (String field : message.substring(0, message.length() - terminator.length()).split("\u0001", -1)) {
            if (field.startsWith("user=") && user == null) {
                user = field.substring("user=".length());
            } else if (field.startsWith("auth=") && auth == null) {
                auth = field.substring("auth=".length());
            } else if (field.isEmpty() || field.indexOf('=') <= 0) {
                return malformed("XOAUTH2 field is not key=value");
            }
        }
        if (user == null || user.isEmpty()) {
            return malformed("XOAUTH2 user= is missing or empty");
        }
        if (auth == null || !auth.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return malformed("XOAUTH2 auth=Bearer is missing");
        }
        String token = auth.substring(BEARER.length()).strip();
        if (token.isEmpty()) {
            return malformed("XOAUTH2 token is empty");
        }
        return new SaslStep.Success(new BearerCredentials(user, token));
    }

    private static SaslStep.Failure malformed(String detail) {
        return new SaslStep.Failure(SaslFailure.MALFORMED_MESSAGE, detail);
    }
}
