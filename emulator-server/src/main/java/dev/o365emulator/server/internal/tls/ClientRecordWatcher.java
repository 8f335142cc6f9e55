package dev.o365emulator.server.internal.tls;

import io.netty.buffer.ByteBuf;

/**
 * Reads the headers of the TLS records a client sends and tells when one starts a renegotiation.
 *
 * <p>In TLS 1.2 the client sends {@code ChangeCipherSpec} and then one handshake record, its
 * {@code Finished}; a further handshake record can only be a new {@code ClientHello}. TLS 1.3 has
 * no renegotiation, and its encrypted records all carry the outer type {@code application_data},
 * so a key update is never mistaken for one; the dummy {@code ChangeCipherSpec} of its middlebox
 * compatibility mode is followed by at most one plain handshake record (a second
 * {@code ClientHello} after a {@code HelloRetryRequest}). Only headers are read (5 bytes a
 * record, bodies are skipped), and a header split across reads is carried over.
 */
final class ClientRecordWatcher {

    private static final int HEADER_LENGTH = 5;
    private static final int CHANGE_CIPHER_SPEC = 20;
    private static final int HANDSHAKE = 22;

    private final byte[] header = new byte[HEADER_LENGTH];
    private int headerFill;
    private int bodyRemaining;
    private boolean changeCipherSpecSeen;
    private int handshakeRecordsAfterChangeCipherSpec;

    /** Whether the bytes of {@code in} (not consumed) start a renegotiation, given every byte seen before. */
    boolean renegotiates(ByteBuf in) {
        int i = in.readerIndex();
        int end = in.writerIndex();
        while (i < end) {
            if (bodyRemaining > 0) {
                int skip = Math.min(bodyRemaining, end - i);
                i += skip;
                bodyRemaining -= skip;
                continue;
            }
            header[headerFill++] = in.getByte(i++);
            if (headerFill < HEADER_LENGTH) {
                continue;
            }
            headerFill = 0;
            bodyRemaining = (header[3] & 0xFF) << 8 | header[4] & 0xFF;
            int type = header[0] & 0xFF;
            if (type == CHANGE_CIPHER_SPEC) {
                changeCipherSpecSeen = true;
            } else if (type == HANDSHAKE && changeCipherSpecSeen && ++handshakeRecordsAfterChangeCipherSpec > 1) {
                return true;
            }
        }
        return false;
    }
}
