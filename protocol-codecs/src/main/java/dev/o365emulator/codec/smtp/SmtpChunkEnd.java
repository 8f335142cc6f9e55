package dev.o365emulator.codec.smtp;

/**
 * The end of a BDAT chunk that was not the LAST one, so the session can answer {@code 250} for it.
 * (The LAST chunk ends with a {@link LastSmtpContent} instead.)
 *
 * @param chunkSize the octets this chunk announced and the decoder consumed
 * @param messageSize the octets of the message so far, all chunks since the last LAST or reset
 * @param tooLarge whether the message has gone over the size limit; its content is no longer emitted
 */
public record SmtpChunkEnd(long chunkSize, long messageSize, boolean tooLarge) {
}
