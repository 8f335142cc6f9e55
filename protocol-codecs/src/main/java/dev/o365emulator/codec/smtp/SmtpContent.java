package dev.o365emulator.codec.smtp;

import io.netty.buffer.ByteBufHolder;

/**
 * A chunk of message content from DATA (dot-unstuffed, CRLFs kept) or BDAT (the octets as sent).
 *
 * <p>The receiver owns the chunk and must release it.
 */
public interface SmtpContent extends ByteBufHolder {
}
