package dev.o365emulator.server.internal.imap;

import static dev.o365emulator.server.internal.imap.ImapArguments.require;

import dev.o365emulator.codec.imap.ImapArgument;
import dev.o365emulator.codec.imap.ImapContinuationLine;
import dev.o365emulator.codec.imap.ImapContinuationResponse;
import dev.o365emulator.codec.imap.ImapRequest;
import dev.o365emulator.codec.sasl.BearerCredentials;
import dev.o365emulator.codec.sasl.PasswordCredentials;
import dev.o365emulator.codec.sasl.SaslExchange;
import dev.o365emulator.codec.sasl.SaslFailure;
import dev.o365emulator.codec.sasl.SaslMechanism;
import dev.o365emulator.codec.sasl.SaslStep;
import dev.o365emulator.scenarios.Stage;
import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.internal.oauth.TokenDecision;
import dev.o365emulator.server.internal.session.XOAuth2Faults;
import dev.o365emulator.server.internal.reply.ImapCatalogue;
import java.util.List;
import java.util.Optional;

/**
 * AUTHENTICATE with PLAIN or XOAUTH2, with an initial response (SASL-IR) or through {@code +}
 * continuations. A PLAIN login is the {@code auth} stage once its credentials are read; XOAUTH2 reports
 * its stage itself ({@link XOAuth2Faults}), and a token without the IMAP scope gets Office 365's
 * "authenticated but not connected".
 */
final class AuthenticateHandler implements ImapCommandHandler {

    @Override
    public void handle(ImapConnection c, ImapCommand command, ImapRequest request) {
        List<ImapArgument> args = request.arguments();
        require((args.size() == 1 || args.size() == 2) && args.get(0) instanceof ImapArgument.Atom
                && (args.size() == 1 || args.get(1).stringValue() != null));
        String tag = request.tag();
        if (!c.tls) {
            c.reply(tag, ImapCatalogue.INVALID_STATE);
            return;
        }
        Optional<SaslMechanism> mechanism = SaslMechanism.named(args.get(0).stringValue())
                .filter(m -> m != SaslMechanism.LOGIN);
        if (mechanism.isEmpty()) {
            // Only PLAIN and XOAUTH2 are advertised; Exchange never says why an AUTHENTICATE fails.
            c.failed(tag, command);
            return;
        }
        Exchange exchange = new Exchange(mechanism.get().newExchange(), tag);
        exchange.step(c, args.size() == 2 ? exchange.sasl.start(args.get(1).stringValue()) : exchange.sasl.start());
    }

    /** One SASL exchange in progress: it reads the client's responses to its challenges. */
    private static final class Exchange implements ImapConnection.ContinuationReader {

        private final SaslExchange sasl;
        private final String tag;

        Exchange(SaslExchange sasl, String tag) {
            this.sasl = sasl;
            this.tag = tag;
        }

        @Override
        public void read(ImapConnection c, ImapContinuationLine line) {
            c.record.clientSecret();
            if (line.decoderResult().isFailure()) {
                c.awaiting = null;
                c.reply(tag, ImapCatalogue.COMMAND_ERROR);
                return;
            }
            step(c, sasl.respond(line.text()));
        }

        void step(ImapConnection c, SaslStep step) {
            if (step instanceof SaslStep.Challenge challenge) {
                c.send(new ImapContinuationResponse(challenge.base64()), "+ " + challenge.base64());
                c.awaiting = this;
                c.decoder.expectContinuationLine();
                return;
            }
            c.awaiting = null;
            SaslMechanism mechanism = sasl.mechanism();
            if (step instanceof SaslStep.Failure failure) {
                c.record.protocolError("AUTHENTICATE " + mechanism + ": " + failure.detail());
                // RFC 3501 wants BAD for a cancelled exchange; anything malformed is a plain failure.
                c.reply(tag, failure.reason() == SaslFailure.CANCELLED ? ImapCatalogue.AUTHENTICATE_CANCELLED
                        : ImapReplies.failed(ImapCommand.AUTHENTICATE));
                return;
            }
            SaslStep.Success success = (SaslStep.Success) step;
            if (success.credentials() instanceof PasswordCredentials password) {
                c.apply(c.stage(Stage.AUTH, "AUTHENTICATE").mechanism(mechanism.name()).user(password.user()), tag,
                        () -> password(c, mechanism, password));
            } else {
                // XOAUTH2 reports its auth stage itself (XOAuth2Faults), so a rule counts the login once.
                bearer(c, mechanism, (BearerCredentials) success.credentials());
            }
        }

        private void password(ImapConnection c, SaslMechanism mechanism, PasswordCredentials password) {
            // A PLAIN authorization identity names the mailbox to open, like LOGIN's user\shared form.
            String login = password.authorizationId().isEmpty()
                    || password.authorizationId().equalsIgnoreCase(password.user())
                    ? password.user() : password.user() + "\\" + password.authorizationId();
            Logins.decided(c, tag, ImapCommand.AUTHENTICATE, mechanism.name(),
                    c.context.tenant().authenticateBasic(Protocol.IMAP, login, password.password()));
        }

        private void bearer(ImapConnection c, SaslMechanism mechanism, BearerCredentials bearer) {
            XOAuth2Faults.authenticate(c.ctx, c.context, Protocol.IMAP, "AUTHENTICATE", bearer.user(), bearer.token(),
                    (decision, proceed) -> c.executor.apply(decision, ImapReplyRenderer.forTag(tag), proceed),
                    token -> bearerDecided(c, mechanism, bearer, token));
        }

        private void bearerDecided(ImapConnection c, SaslMechanism mechanism, BearerCredentials bearer,
                TokenDecision token) {
            if (c.state == ImapState.LOGOUT) {
                return;
            }
            if (c.state != ImapState.NOT_AUTHENTICATED) {
                // A login behind another (the executor answers it only after the first one): logging in
                // twice would take a second connection slot that is never given back.
                c.reply(tag, ImapCatalogue.INVALID_STATE);
                c.ctx.flush();
                return;
            }
            if (token instanceof TokenDecision.Accepted accepted) {
                Logins.decided(c, tag, ImapCommand.AUTHENTICATE, mechanism.name(),
                        c.context.tenant().authenticateToken(Protocol.IMAP, accepted.subject(), bearer.user()));
                if (c.state == ImapState.AUTHENTICATED) {
                    c.tokenExpiry = TokenExpiry.of(c.context, bearer.token());
                }
            } else if (token instanceof TokenDecision.NotConnected notConnected) {
                c.record.event("token without IMAP access: " + notConnected.why());
                Logins.acceptButNotConnected(c, tag, ImapCommand.AUTHENTICATE, bearer.user(), mechanism.name());
            } else {
                c.record.event("token rejected: " + ((TokenDecision.Rejected) token).why());
                c.failed(tag, ImapCommand.AUTHENTICATE);
            }
            c.ctx.flush(); // a fault rule's delay may run this outside channelRead
        }
    }
}
