package dev.o365emulator.scenarios;

import java.util.List;

/**
 * The {@code when:} of a rule: every key present must match the event (absent keys match anything).
 *
 * <pre>{@code
 * when: {protocol: smtp, stage: mail-from, sender: "*@fabrikam.com", tls: true, times: 2}
 * when: {protocol: imap, command: [SELECT, EXAMINE], probability: 0.1}
 * when: {stage: auth, user: adele@contoso.com, scope: user, state: Started, next: Locked}
 * }</pre>
 *
 * @param protocol {@code smtp}, {@code imap}, {@code pop3} (one or a list)
 * @param endpoint {@code smtp}, {@code submission}, {@code smtps}, {@code hve}, {@code imap}, {@code imaps}, {@code pop3}, {@code pop3s}
 * @param command a command name, case-insensitive (one or a list)
 * @param mechanism a SASL mechanism ({@code PLAIN}, {@code LOGIN}, {@code XOAUTH2}) or {@code USER} for POP3 USER/PASS
 * @param user the login: exact (case-insensitive), a glob with {@code *} and {@code ?}, or {@code /regex/}
 * @param sender the MAIL FROM address, matched like {@code user}
 * @param recipient the RCPT TO address, matched like {@code user}
 * @param tls whether TLS must be active ({@code true}) or not ({@code false})
 * @param nth fire only on this occurrence of the matching event (1 = the first)
 * @param times fire on the first N matching events, then the rule is spent
 * @param probability fire with this probability (0..1), drawn from the scenario's seeded generator
 * @param state fire only while the rule's scope is in this state (every scope starts in {@code Started})
 * @param next the state the rule's scope moves to when the rule fires
 * @param scope whose counters and state: {@code server} (default), {@code session} or {@code user}
 */
public record When(
        List<String> protocol,
        List<String> endpoint,
        Stage stage,
        List<String> command,
        List<String> mechanism,
        String user,
        String sender,
        String recipient,
        Boolean tls,
        Integer nth,
        Integer times,
        Double probability,
        String state,
        String next,
        Scope scope) {

    /** The state every scope starts in, as in WireMock. */
    public static final String STARTED = "Started";

    public When {
        protocol = protocol == null ? List.of() : List.copyOf(protocol);
        endpoint = endpoint == null ? List.of() : List.copyOf(endpoint);
        command = command == null ? List.of() : List.copyOf(command);
        mechanism = mechanism == null ? List.of() : List.copyOf(mechanism);
        scope = scope == null ? Scope.SERVER : scope;
    }

    /** A {@code when} that matches every event. */
    public static When always() {
        return new When(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }
}
