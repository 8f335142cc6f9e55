package dev.o365emulator.codec.sasl;

/** Reads one client line of a SASL exchange: cancel, base64, or malformed. */
final class SaslLines {

    static final String CANCEL = "*";

    private SaslLines() {
    }

    /** The decoded octets, or the failure to report; {@code initial} lets {@code "="} mean empty. */
    static Object read(String line, boolean initial) {
        if (CANCEL.equals(line)) {
            return new SaslStep.Failure(SaslFailure.CANCELLED, "client cancelled the exchange");
        }
        if (initial && "=".equals(line)) {
            return new byte[0];
        }
        SaslBase64.Result result = SaslBase64.decode(line);
        if (result instanceof SaslBase64.Decoded decoded) {
            return decoded.bytes();
        }
        return new SaslStep.Failure(SaslFailure.MALFORMED_BASE64, ((SaslBase64.Malformed) result).reason());
    }
}
