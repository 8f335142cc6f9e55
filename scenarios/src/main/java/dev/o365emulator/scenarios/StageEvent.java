package dev.o365emulator.scenarios;

import java.util.Locale;
import java.util.Objects;

/**
 * What a protocol session reports at a {@link Stage}: the facts a rule's {@code when} can test.
 *
 * <pre>{@code
 * StageEvent e = StageEvent.builder(Stage.MAIL_FROM, "smtp", "submission").session(7).tls(true)
 *         .user("adele@contoso.com").sender("adele@contoso.com").build();
 * }</pre>
 *
 * @param protocol {@code smtp}, {@code imap} or {@code pop3}
 * @param endpoint the endpoint id, e.g. {@code submission}
 * @param session the connection's id (the journal index), for per-session counters and state
 * @param command the command verb, upper case, or null
 * @param mechanism the SASL mechanism (or {@code USER}), upper case, or null
 * @param user the login, or null before authentication
 */
public record StageEvent(Stage stage, String protocol, String endpoint, long session, boolean tls, String command,
        String mechanism, String user, String sender, String recipient, String clientIp) {

    public StageEvent {
        Objects.requireNonNull(stage, "stage");
        protocol = lower(Objects.requireNonNull(protocol, "protocol"));
        endpoint = lower(Objects.requireNonNull(endpoint, "endpoint"));
        command = command == null ? null : command.toUpperCase(Locale.ROOT);
        mechanism = mechanism == null ? null : mechanism.toUpperCase(Locale.ROOT);
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** Starts an event at a stage of a protocol's endpoint. */
    public static Builder builder(Stage stage, String protocol, String endpoint) {
        return new Builder(stage, protocol, endpoint);
    }

    /** Builds a {@link StageEvent}; every fact but stage, protocol and endpoint is optional. */
    public static final class Builder {
        private final Stage stage;
        private final String protocol;
        private final String endpoint;
        private long session;
        private boolean tls;
        private String command;
        private String mechanism;
        private String user;
        private String sender;
        private String recipient;
        private String clientIp;

        private Builder(Stage stage, String protocol, String endpoint) {
            this.stage = stage;
            this.protocol = protocol;
            this.endpoint = endpoint;
        }

        public Builder session(long id) {
            this.session = id;
            return this;
        }

        public Builder tls(boolean active) {
            this.tls = active;
            return this;
        }

        public Builder command(String verb) {
            this.command = verb;
            return this;
        }

        public Builder mechanism(String name) {
            this.mechanism = name;
            return this;
        }

        public Builder user(String login) {
            this.user = login;
            return this;
        }

        public Builder sender(String address) {
            this.sender = address;
            return this;
        }

        public Builder recipient(String address) {
            this.recipient = address;
            return this;
        }

        public Builder clientIp(String ip) {
            this.clientIp = ip;
            return this;
        }

        public StageEvent build() {
            return new StageEvent(stage, protocol, endpoint, session, tls, command, mechanism, user, sender,
                    recipient, clientIp);
        }
    }
}
