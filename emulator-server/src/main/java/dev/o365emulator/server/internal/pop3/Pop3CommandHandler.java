package dev.o365emulator.server.internal.pop3;

import dev.o365emulator.codec.pop3.Pop3Request;

/**
 * One POP3 command's work, once the session has checked the command is valid in the current state
 * ({@link Pop3Verb}) and the fault plan let it go on. Handlers keep no state of their own: what
 * lasts beyond one command lives in the {@link Pop3Connection}.
 */
interface Pop3CommandHandler {

    void handle(Pop3Connection connection, Pop3Request request);
}
