package org.ehrcontracts.engine.contract;

/**
 * The text of one contract (or concept) file and where it came from.
 *
 * @param source a unique id of the file: {@code classpath:ehr/contracts/x.yaml} or an absolute path
 * @param display the name to show in messages
 * @param text the file's content
 * @param notText where the first byte that is not UTF-8 is, as {@code line:column}, if the file is
 *     not UTF-8 text (a compressed file, another encoding); its text is then not read
 * @since 0.1.0
 */
public record ContractText(
    String source, String display, String text, java.util.Optional<String> notText) {

  /** A file that is UTF-8 text. */
  public ContractText(String source, String display, String text) {
    this(source, display, text, java.util.Optional.empty());
  }

  /**
   * Decodes a file's bytes as UTF-8, noting where the first byte that is not UTF-8 is.
   *
   * @since 0.2.0
   */
  public static ContractText of(String source, String display, byte[] bytes) {
    java.nio.charset.CharsetDecoder decoder =
        java.nio.charset.StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
            .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
    try {
      String text = decoder.decode(java.nio.ByteBuffer.wrap(bytes)).toString();
      return new ContractText(source, display, text);
    } catch (java.nio.charset.CharacterCodingException e) {
      int bad = firstBadByte(bytes);
      long line = 1;
      int lineStart = 0;
      for (int i = 0; i < bad; i++) {
        if (bytes[i] == '\n') {
          line++;
          lineStart = i + 1;
        }
      }
      int column =
          new String(bytes, lineStart, bad - lineStart, java.nio.charset.StandardCharsets.UTF_8)
                  .length()
              + 1;
      return new ContractText(source, display, "", java.util.Optional.of(line + ":" + column));
    }
  }

  /** The offset of the first byte that does not start or continue a valid UTF-8 sequence. */
  private static int firstBadByte(byte[] bytes) {
    java.nio.charset.CharsetDecoder decoder =
        java.nio.charset.StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
            .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
    java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
    java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
    java.nio.charset.CoderResult result = decoder.decode(in, out, true);
    return result.isError() ? in.position() : bytes.length;
  }

  /** Whether the file came from the class path. */
  public boolean onClasspath() {
    return source.startsWith(ContractSource.CLASSPATH);
  }
}
