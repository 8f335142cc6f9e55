package dev.o365emulator.server.internal.pop3;

import dev.o365emulator.codec.pop3.Pop3Request;
import dev.o365emulator.codec.pop3.Pop3Responses;
import dev.o365emulator.codec.pop3.Pop3SaslResponse;
import dev.o365emulator.codec.sasl.BearerCredentials;
import dev.o365emulator.codec.sasl.PasswordCredentials;
import dev.o365emulator.codec.sasl.SaslExchange;
import dev.o365emulator.codec.sasl.SaslMechanism;
import dev.o365emulator.codec.sasl.SaslStep;
import dev.o365emulator.scenarios.Stage;
import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.internal.oauth.TokenDecision;
import dev.o365emulator.server.internal.session.XOAuth2Faults;
import dev.o365emulator.server.internal.reply.AuthRefusals;
import dev.o365emulator.server.internal.reply.Pop3Catalogue;
import dev.o365emulator.server.internal.tenant.AuthDecision;

/**
 * AUTH (RFC 5034) with the mechanisms CAPA offers, PLAIN and XOAUTH2: the exchange of {@code + }
 * challenges and the client's answers, then the {@code auth} stage and the tenant's decision. Every
 * failure, whatever its cause, gets Office 365's one line, {@link AuthRefusals#POP3_SASL_FAILURE}.
 */
final class AuthHandler implements Pop3CommandHandler {

    @Override
    public void handle(Pop3Connection c, Pop3Request request) {
        if (!c.mayLogIn()) {
            c.reply(Pop3Catalogue.INVALID_STATE);
            return;
        }
        if (request.arguments().isEmpty()) {
            c.reply(Pop3Catalogue.WRONG_ARGUMENT_COUNT);
            return;
        }
        // Only what CAPA offers; Office 365 answered an NTLM (SPA) attempt with "Protocol error. 14".
        SaslMechanism mechanism = SaslMechanism.named(request.arguments().get(0))
                .filter(m -> m != SaslMechanism.LOGIN).orElse(null);
        if (mechanism == null) {
            c.reply(Pop3Catalogue.INVALID_ARGUMENT);
            return;
        }
        c.pendingUser(null);
        SaslExchange exchange = mechanism.newExchange();
        c.sasl(exchange);
        step(c, request.arguments().size() == 2 ? exchange.start(request.arguments().get(1)) : exchange.start());
    }

    /** The client's line in answer to a {@code + } challenge; ignored when no exchange is under way. */
    static void respond(Pop3Connection c, Pop3SaslResponse response) {
        if (c.sasl() == null) {
            return;
        }
        if (!response.isSuccess()) {
            c.record().protocolError("AUTH response: " + response.decoderResult().cause().getMessage());
            failed(c);
            return;
        }
        step(c, c.sasl().respond(response.line()));
    }

    private static void step(Pop3Connection c, SaslStep step) {
        if (step instanceof SaslStep.Challenge challenge) {
            // Arm the decoder before the "+ " leaves, so a fast client's answer is read as SASL.
            c.decoder().expectSaslResponse();
            c.reply(Pop3Responses.continuation(challenge.base64()));
            return;
        }
        SaslExchange exchange = c.sasl();
        c.sasl(null);
        if (step instanceof SaslStep.Failure) {
            // Cancel and malformed input: Office 365 fails every bad AUTH with the same line.
            failed(c);
            return;
        }
        SaslStep.Success success = (SaslStep.Success) step;
        if (success.credentials() instanceof BearerCredentials bearer) {
            // XOAUTH2 reports its auth stage itself, once the token's user is known.
            XOAuth2Faults.authenticate(c.ctx(), c.context(), Protocol.POP3, "AUTH", bearer.user(), bearer.token(),
                    (decision, proceed) -> c.executor().apply(decision, Pop3ReplyRenderer.RESPONSES, proceed),
                    token -> decided(c, exchange, bearerDecision(c, bearer, token)));
            return;
        }
        PasswordCredentials password = (PasswordCredentials) success.credentials();
        c.apply(c.stage(Stage.AUTH, "AUTH").mechanism(exchange.mechanism().name()).user(password.user()),
                () -> decided(c, exchange, passwordDecision(c, password)));
    }

    private static void decided(Pop3Connection c, SaslExchange exchange, AuthDecision decision) {
        if (decision instanceof AuthDecision.Refused) {
            c.loginRefused(AuthRefusals.POP3_SASL_FAILURE);
            return;
        }
        c.loggedIn((AuthDecision.Allowed) decision, exchange.mechanism().name(), Pop3Catalogue.AUTHENTICATED);
    }

    private static AuthDecision passwordDecision(Pop3Connection c, PasswordCredentials password) {
        // PLAIN's authorization id names the mailbox to open: the user\shared login of Exchange.
        String authzid = password.authorizationId();
        String login = authzid.isEmpty() || authzid.equalsIgnoreCase(password.user())
                ? password.user()
                : password.user() + "\\" + authzid;
        return c.context().tenant().authenticateBasic(Protocol.POP3, login, password.password());
    }

    private static AuthDecision bearerDecision(Pop3Connection c, BearerCredentials bearer, TokenDecision token) {
        if (token instanceof TokenDecision.Accepted accepted) {
            return c.context().tenant().authenticateToken(Protocol.POP3, accepted.subject(), bearer.user());
        }
        // A token without POP scope is refused outright in POP3 (unlike IMAP's "not connected").
        return new AuthDecision.Refused(AuthDecision.Reason.BAD_CREDENTIALS);
    }

    private static void failed(Pop3Connection c) {
        c.sasl(null);
        c.loginRefused(AuthRefusals.POP3_SASL_FAILURE);
    }
}
