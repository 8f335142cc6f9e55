package dev.o365emulator.server.internal.smtp;

import dev.o365emulator.codec.sasl.BearerCredentials;
import dev.o365emulator.codec.sasl.PasswordCredentials;
import dev.o365emulator.codec.sasl.SaslCredentials;
import dev.o365emulator.codec.sasl.SaslExchange;
import dev.o365emulator.codec.sasl.SaslMechanism;
import dev.o365emulator.codec.sasl.SaslStep;
import dev.o365emulator.codec.smtp.SmtpRequest;
import dev.o365emulator.codec.smtp.SmtpResponse;
import dev.o365emulator.codec.smtp.SmtpResponses;
import dev.o365emulator.codec.smtp.SmtpSaslResponse;
import dev.o365emulator.scenarios.Stage;
import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.internal.findings.FindingKinds;
import dev.o365emulator.server.internal.oauth.TokenDecision;
import dev.o365emulator.server.internal.session.XOAuth2Faults;
import dev.o365emulator.server.internal.reply.AuthRefusals;
import dev.o365emulator.server.internal.reply.Office365Reply;
import dev.o365emulator.server.internal.reply.SmtpCatalogue;
import dev.o365emulator.server.internal.tenant.AuthDecision;
import java.util.List;
import java.util.Optional;

/**
 * AUTH (RFC 4954) with its SASL continuation: LOGIN and XOAUTH2 after TLS (PLAIN only for a tenant that
 * is no Office 365 one), the {@code auth} stage once the credentials are read, then the tenant's
 * verdict. A refusal is remembered: the {@code 530} to a later MAIL FROM repeats it.
 *
 * <p>On the High Volume Email endpoint only the tenant's HVE accounts sign in, by password or token
 * ({@link dev.o365emulator.server.internal.tenant.Tenant#authenticateHve}); everywhere else only mailboxes.
 */
final class AuthHandler implements SmtpCommandHandler {

    @Override
    public void handle(SmtpConnection c, SmtpRequest request) {
        List<String> parameters = request.parameters();
        if (!c.tls()) {
            FindingKinds.AUTH_BEFORE_STARTTLS.report(c.record());
            // AUTH is never offered in plain text, on 587 as on 25: no mechanism is advertised, so any
            // is unrecognised (a 5xx; a 4xx would invite the client to retry for ever).
            c.reply(SmtpCatalogue.UNRECOGNIZED_AUTH_TYPE);
        } else if (c.login() != null) {
            c.reply(SmtpReplies.ALREADY_AUTHENTICATED);
        } else if (c.transaction() != null) {
            c.reply(SmtpReplies.SENDER_ALREADY_SPECIFIED);
        } else if (parameters.isEmpty() || parameters.size() > 2) {
            c.reply(SmtpReplies.INVALID_ARGUMENTS);
        } else {
            // PLAIN exists in the codec (IMAP and POP3 offer it) but Office 365's SMTP refuses it;
            // only a tenant that is no Office 365 one (the "generic" profile) allows it.
            Optional<SaslMechanism> mechanism = SaslMechanism.named(parameters.get(0))
                    .filter(m -> m != SaslMechanism.PLAIN || c.plainAllowed());
            if (mechanism.isEmpty()) {
                if (parameters.get(0).equalsIgnoreCase("PLAIN")) {
                    FindingKinds.PLAIN_MECHANISM.report(c.record());
                }
                c.reply(SmtpCatalogue.UNRECOGNIZED_AUTH_TYPE);
            } else {
                SaslExchange sasl = mechanism.get().newExchange();
                c.sasl(sasl);
                next(c, mechanism.get(), parameters.size() == 2 ? sasl.start(parameters.get(1)) : sasl.start());
            }
        }
    }

    /** The client's answer to a {@code 334} challenge (recorded as a secret, never as its text). */
    static void saslResponse(SmtpConnection c, SmtpSaslResponse response) {
        c.record().clientSecret();
        SaslExchange sasl = c.sasl();
        if (sasl == null) {
            return;
        }
        if (response.decoderResult().isFailure()) {
            c.sasl(null);
            c.state(SmtpState.GREETED);
            c.reply(SmtpReplies.CANNOT_DECODE);
            return;
        }
        next(c, sasl.mechanism(), sasl.respond(response.line()));
    }

    private static void next(SmtpConnection c, SaslMechanism mechanism, SaslStep step) {
        if (step instanceof SaslStep.Challenge challenge) {
            c.state(SmtpState.AUTH);
            c.decoder().expectSaslResponse();
            c.reply(SmtpResponses.challenge(challenge.base64()));
            return;
        }
        c.sasl(null);
        c.state(SmtpState.GREETED);
        if (step instanceof SaslStep.Success success) {
            authenticating(c, mechanism, success.credentials());
            return;
        }
        SaslStep.Failure failure = (SaslStep.Failure) step;
        c.record().event("AUTH " + mechanism + " failed: " + failure.detail());
        c.reply(switch (failure.reason()) {
            case CANCELLED -> SmtpReplies.AUTH_CANCELLED;
            case MALFORMED_BASE64 -> SmtpReplies.CANNOT_DECODE;
            case MALFORMED_MESSAGE -> mechanism == SaslMechanism.XOAUTH2 ? SmtpReplies.INVALID_XOAUTH2
                    : refusal(c, AuthDecision.Reason.BAD_CREDENTIALS);
        });
    }

    /** Stage {@code auth}: the exchange is complete, the credentials are not checked yet. */
    private static void authenticating(SmtpConnection c, SaslMechanism mechanism, SaslCredentials credentials) {
        if (credentials instanceof BearerCredentials bearer) {
            // XOAUTH2 reports its auth stage itself (XOAuth2Faults), so a rule counts the login once.
            XOAuth2Faults.authenticate(c.ctx(), c.context(), Protocol.SMTP, "AUTH", bearer.user(), bearer.token(),
                    c::apply, token -> decided(c, mechanism, credentials, token instanceof TokenDecision.Accepted a
                            // SMTP has no "authenticated but not connected": a token without the SMTP scope is refused.
                            ? c.hve() ? c.context().tenant().authenticateHveToken(a.subject(), bearer.user())
                                    : c.context().tenant().authenticateToken(Protocol.SMTP, a.subject(), bearer.user())
                            : new AuthDecision.Refused(AuthDecision.Reason.BAD_CREDENTIALS)));
            return;
        }
        PasswordCredentials password = (PasswordCredentials) credentials;
        c.apply(c.decide(c.stage(Stage.AUTH, "AUTH").mechanism(mechanism.name()).user(credentials.user())),
                () -> decided(c, mechanism, credentials, c.hve()
                        ? c.context().tenant().authenticateHve(password.user(), password.password())
                        : c.context().tenant().authenticateBasic(Protocol.SMTP, password.user(), password.password())));
    }

    private static void decided(SmtpConnection c, SaslMechanism mechanism, SaslCredentials credentials,
            AuthDecision decision) {
        if (decision instanceof AuthDecision.Allowed allowed) {
            c.login(allowed.mailbox());
            c.record().authenticated(allowed.user().address(), mechanism.name());
            // Not on hve: a password is HVE's supported way in, which the retirement of basic auth spares.
            if (credentials instanceof PasswordCredentials && !c.hve()) {
                FindingKinds.BASIC_AUTH_SMTP.report(c.record());
            }
            c.reply(SmtpReplies.AUTH_OK);
        } else {
            AuthDecision.Reason reason = ((AuthDecision.Refused) decision).reason();
            c.record().event("AUTH " + mechanism + " as " + credentials.user() + " refused: " + reason);
            c.reply(refusal(c, reason));
        }
    }

    private static SmtpResponse refusal(SmtpConnection c, AuthDecision.Reason reason) {
        Office365Reply refusal = AuthRefusals.of(reason);
        c.lastAuthRefusal(refusal);
        return c.response(refusal);
    }
}
