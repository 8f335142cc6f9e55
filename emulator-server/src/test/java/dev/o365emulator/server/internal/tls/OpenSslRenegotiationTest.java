package dev.o365emulator.server.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.o365emulator.certs.CertificateBundle;
import dev.o365emulator.server.TlsProvider;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ReferenceCountUtil;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * BoringSSL refuses a client's TLS 1.2 renegotiation by itself, without the record watcher of
 * {@link RenegotiationRefusingSslHandler} (which ends such connections first under either provider,
 * see {@code TlsRenegotiationIT}): the two engines, a JDK client and the emulator's OpenSSL server,
 * exchange records in memory.
 */
class OpenSslRenegotiationTest {

    @Test
    void boringSslRefusesAClientInitiatedRenegotiation() throws Exception {
        assumeTrue(TlsProvider.OPENSSL.isAvailable(), "OpenSSL's native library does not load here");
        ServerTls tls = ServerTls.forBundle(CertificateBundle.shared(), TlsProvider.OPENSSL);
        SSLEngine server = tls.newEngine(UnpooledByteBufAllocator.DEFAULT, false);
        try {
            SSLEngine client = tls12Client(CertificateBundle.shared());
            client.beginHandshake();
            server.beginHandshake();
            assertThat(pump(client, server)).as("the first handshake completes").isNull();
            assertThat(server.getSession().getProtocol()).isEqualTo("TLSv1.2");

            client.beginHandshake();
            SSLException refused = pump(client, server);

            assertThat(refused).as("the client's renegotiation").isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("no_renegotiation");
            assertThat(client.isInboundDone()).as("the client's connection is over").isTrue();
        } finally {
            ReferenceCountUtil.release(server);
        }
    }

    private static SSLEngine tls12Client(CertificateBundle bundle) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLSv1.2");
        context.init(null, bundle.trustManagerFactory().getTrustManagers(), null);
        SSLEngine client = context.createSSLEngine("outlook.office365.com", 993);
        client.setUseClientMode(true);
        return client;
    }

    /**
     * Wraps and unwraps between the two engines until both are done handshaking, one of them is
     * closed or nothing moves (at most 100 rounds); returns the first failure, or null.
     */
    private static SSLException pump(SSLEngine client, SSLEngine server) {
        ByteBuffer toServer = ByteBuffer.allocate(64 * 1024);
        ByteBuffer toClient = ByteBuffer.allocate(64 * 1024);
        ByteBuffer app = ByteBuffer.allocate(64 * 1024);
        try {
            for (int round = 0; round < 100; round++) {
                boolean moved = false;
                moved |= step(client, toServer, toClient, app);
                moved |= step(server, toClient, toServer, app);
                boolean done = client.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING
                        && server.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING
                        && toServer.position() == 0 && toClient.position() == 0;
                if (done || !moved || client.isOutboundDone() || server.isOutboundDone()) {
                    return null;
                }
            }
            return null;
        } catch (SSLException e) {
            return e;
        }
    }

    /** One engine's turn: read what the peer sent, write what it has to send, run its tasks. */
    private static boolean step(SSLEngine engine, ByteBuffer out, ByteBuffer in, ByteBuffer app) throws SSLException {
        boolean moved = false;
        in.flip();
        if (in.hasRemaining()) {
            app.clear();
            int before = in.remaining();
            engine.unwrap(in, app);
            moved = in.remaining() != before;
        }
        in.compact();
        runTasks(engine);
        int before = out.position();
        engine.wrap(ByteBuffer.allocate(0), out);
        runTasks(engine);
        return moved || out.position() != before;
    }

    private static void runTasks(SSLEngine engine) {
        for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
            task.run();
        }
    }
}
