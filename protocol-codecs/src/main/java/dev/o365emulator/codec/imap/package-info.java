/**
 * IMAP4rev1 framing and parsing: {@link dev.o365emulator.codec.imap.ImapRequestDecoder} turns
 * client bytes into {@link dev.o365emulator.codec.imap.ImapRequest}s, and
 * {@link dev.o365emulator.codec.imap.ImapResponseEncoder} turns
 * {@link dev.o365emulator.codec.imap.ImapResponse}s into bytes; pure parsers
 * ({@link dev.o365emulator.codec.imap.SequenceSet}, {@link dev.o365emulator.codec.imap.FetchAttributes},
 * {@link dev.o365emulator.codec.imap.SearchKeys}) type the arguments of the commands that address
 * messages as each request is built ({@link dev.o365emulator.codec.imap.ImapCommandArguments}).
 *
 * <p>Pipeline order: {@code pipeline.addLast(new ImapResponseEncoder(), new ImapRequestDecoder(), session)};
 * the decoder writes literal continuations through the encoder.
 */
package dev.o365emulator.codec.imap;
