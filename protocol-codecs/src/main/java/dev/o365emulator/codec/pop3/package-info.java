/**
 * POP3 framing and parsing (RFC 1939, RFC 2449, RFC 2595, RFC 5034): bytes to {@link
 * dev.o365emulator.codec.pop3.Pop3Request}, {@link dev.o365emulator.codec.pop3.Pop3Response} to
 * bytes, and nothing else.
 */
package dev.o365emulator.codec.pop3;
