package dev.o365emulator.server.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A hand-driven line client for transcript-level tests: plain, implicit TLS, and the STARTTLS
 * upgrade, with host-name verification as a strict client does it.
 */
public final class LineClient implements AutoCloseable {

    /** Connect timeout: loopback connects at once, or (a firewalled port) never. */
    private static final int TIMEOUT_MILLIS = 5_000;
    /**
     * How long a read waits for the server by default: generous, because it only matters when a test
     * fails, and on two cores shared with parallel builds a reply after a large body can take seconds.
     */
    private static final int READ_TIMEOUT_MILLIS = 20_000;

    private final Socket plain;
    private Socket socket;
    private BufferedReader in;
    private OutputStream out;

    private LineClient(Socket plain, Socket socket) throws IOException {
        this.plain = plain;
        use(socket);
    }

    /** A plain-text connection. */
    public static LineClient connect(InetSocketAddress address) throws IOException {
        return connect(address, java.time.Duration.ofMillis(READ_TIMEOUT_MILLIS));
    }

    /** A plain-text connection whose reads wait up to {@code timeout}. */
    public static LineClient connect(InetSocketAddress address, java.time.Duration timeout) throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(address, TIMEOUT_MILLIS);
        s.setSoTimeout((int) timeout.toMillis());
        return new LineClient(s, s);
    }

    /** A plain-text connection from a given local address (port 0: any port). */
    public static LineClient connectFrom(InetSocketAddress local, InetSocketAddress address) throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.bind(local);
        s.connect(address, TIMEOUT_MILLIS);
        s.setSoTimeout(READ_TIMEOUT_MILLIS);
        return new LineClient(s, s);
    }

    /** An implicit-TLS connection that verifies the server as {@code serverName}. */
    public static LineClient connectTls(InetSocketAddress address, SSLContext trust, String serverName)
            throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(address, TIMEOUT_MILLIS);
        s.setSoTimeout(READ_TIMEOUT_MILLIS);
        return new LineClient(s, handshake(s, trust, serverName));
    }

    /** Upgrades this connection (after the server's go-ahead), verifying the server as {@code serverName}. */
    public void startTls(SSLContext trust, String serverName) throws IOException {
        use(handshake(plain, trust, serverName));
    }

    private static SSLSocket handshake(Socket s, SSLContext trust, String serverName) throws IOException {
        SSLSocket tls = (SSLSocket) trust.getSocketFactory().createSocket(s, serverName, s.getPort(), true);
        SSLParameters params = tls.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        params.setServerNames(List.of(new SNIHostName(serverName)));
        tls.setSSLParameters(params);
        tls.setSoTimeout(READ_TIMEOUT_MILLIS);
        tls.startHandshake();
        return tls;
    }

    private void use(Socket s) throws IOException {
        this.socket = s;
        this.in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        this.out = s.getOutputStream();
    }

    /** The TLS socket once TLS is up. */
    public SSLSocket tlsSocket() {
        return (SSLSocket) socket;
    }

    /** Sends one line, adding CRLF. */
    public void send(String line) throws IOException {
        sendRaw(line + "\r\n");
    }

    /** Sends text exactly as given, in one write. */
    public void sendRaw(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The next line, without its CRLF; fails on timeout or end of stream. */
    public String readLine() throws IOException {
        String line = in.readLine();
        if (line == null) {
            throw new IOException("connection closed by the server");
        }
        return line;
    }

    /** An SMTP reply: lines up to the one whose code is followed by a space. */
    public List<String> readSmtpReply() throws IOException {
        List<String> lines = new ArrayList<>();
        String line;
        do {
            line = readLine();
            lines.add(line);
        } while (line.length() > 3 && line.charAt(3) == '-');
        return lines;
    }

    /** Lines up to and including the first that starts with {@code prefix}. */
    public List<String> readUntil(String prefix) throws IOException {
        List<String> lines = new ArrayList<>();
        String line;
        do {
            line = readLine();
            lines.add(line);
        } while (!line.startsWith(prefix));
        return lines;
    }

    /** Whether the server has closed the connection (reads end of stream within the timeout). */
    public boolean isClosedByServer() throws IOException {
        try {
            return in.read() == -1;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        plain.close();
    }
}
