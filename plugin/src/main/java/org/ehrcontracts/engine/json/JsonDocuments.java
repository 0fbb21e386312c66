package org.ehrcontracts.engine.json;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * Writes our documents from their records and reads them back as the same records, through one
 * Jackson mapper (after jib's {@code JsonTemplateMapper}).
 *
 * <p>What is written is stable: members in the order of the record's components, absent values as
 * {@code null} (never left out, unless a component says so), two-space indentation, {@code "name":
 * value}, empty arrays and objects as {@code []} and {@code {}}, and a final line break. Strings
 * are escaped so that a document is also safe inside HTML and is valid YAML: control characters,
 * {@code <}, {@code >}, {@code &}, U+2028, U+2029, U+FEFF, non-characters and surrogates become
 * {@code \}{@code uXXXX} in lower case.
 *
 * <p>Reading is strict where it matters and lenient where newer versions may add: the text must be
 * exactly one JSON value, without duplicate member names, and every value must have its type (no
 * {@code "12"} for a number, no {@code 12} for a string, no {@code null} or absence for a number or
 * a flag of a primitive component); members the record does not have are ignored, and missing
 * members of other components read as {@code null}.
 *
 * @since 0.1.0
 */
public final class JsonDocuments {

  /** Deeper nesting than any of our documents has; a guard against hostile input. */
  private static final int MAX_DEPTH = 64;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder(
              new JsonFactoryBuilder()
                  .characterEscapes(new SafeEscapes())
                  .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .streamReadConstraints(
                      StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                  .build())
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          // Jackson turns a number or a flag into a string even without scalar coercion.
          .withCoercionConfig(
              LogicalType.Textual,
              c ->
                  c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
          .build();

  private static final ObjectWriter WRITER =
      MAPPER.writer(
          new DefaultPrettyPrinter(
                  Separators.createDefaultInstance()
                      .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                      .withObjectEmptySeparator("")
                      .withArrayEmptySeparator(""))
              .withObjectIndenter(new DefaultIndenter("  ", "\n"))
              .withArrayIndenter(new DefaultIndenter("  ", "\n")));

  private JsonDocuments() {}

  /**
   * Builds the serializers of document types on a background (daemon) thread, so that a goal's
   * first document does not pay Jackson's introspection of its records at the end of a run. A goal
   * starts it while its contract loads, which keeps one thread and leaves the other cores idle. A
   * failure here is only a lost head start: the same work is done again, and reported, on write.
   *
   * @param types the records the goal will write
   * @since 0.2.0
   */
  public static void prepareInBackground(Class<?>... types) {
    Thread thread =
        new Thread(
            () -> {
              for (Class<?> type : types) {
                try {
                  WRITER.forType(type);
                } catch (RuntimeException e) {
                  // Reported when the document is written.
                }
              }
            },
            "ehr-json-prepare");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Renders a document.
   *
   * @param document a record of one of our documents
   * @return its text, ending in a line break
   * @since 0.1.0
   */
  public static String write(Object document) {
    try {
      return WRITER.writeValueAsString(document) + "\n";
    } catch (JsonProcessingException e) {
      // Records of strings, numbers, lists and maps always serialise: this is a bug.
      throw new IllegalStateException("cannot write " + document.getClass().getSimpleName(), e);
    }
  }

  /**
   * Reads a document's text as its record.
   *
   * @param text the document
   * @param type the record it is written from
   * @return the record
   * @throws JsonDocumentException if the text is not valid JSON or not of that shape
   * @since 0.1.0
   */
  public static <T> T read(String text, Class<T> type) throws JsonDocumentException {
    T document;
    try {
      document = MAPPER.readValue(text, type);
    } catch (JsonProcessingException e) {
      throw explain(e);
    }
    if (document == null) {
      throw new JsonDocumentException("the document is null, not an object", null);
    }
    return document;
  }

  /**
   * Reads a document file, in UTF-8, as its record.
   *
   * @throws IOException if the file cannot be read, or is not UTF-8
   * @throws JsonDocumentException if it is not valid JSON or not of that shape
   * @since 0.1.0
   */
  public static <T> T read(Path file, Class<T> type) throws IOException, JsonDocumentException {
    return read(Files.readString(file, StandardCharsets.UTF_8), type);
  }

  /** Says where the document went wrong, in words, without the value found there. */
  private static JsonDocumentException explain(JsonProcessingException e) {
    // Databind wraps some syntax errors (a control character in a string) in a mapping error.
    JsonProcessingException syntax =
        e instanceof StreamReadException
            ? e
            : e.getCause() instanceof StreamReadException cause ? cause : null;
    if (syntax == null && e instanceof JsonMappingException m && !path(m).isEmpty()) {
      String at = path(m) + where(e);
      if (e instanceof MismatchedInputException mismatch) {
        return new JsonDocumentException(at + " must be " + kind(mismatch.getTargetType()), e);
      }
      if (e instanceof ValueInstantiationException) {
        return new JsonDocumentException(at + " holds a null where none is allowed", e);
      }
      return new JsonDocumentException(at + " cannot be read", e);
    }
    JsonProcessingException cause = syntax == null ? e : syntax;
    String what = cause.getOriginalMessage() == null ? "" : cause.getOriginalMessage();
    int end = what.indexOf('\n');
    return new JsonDocumentException(
        "not valid JSON" + where(cause) + ": " + (end < 0 ? what : what.substring(0, end)), e);
  }

  private static String where(JsonProcessingException e) {
    JsonLocation location = e.getLocation();
    return location == null || location.getLineNr() < 1
        ? ""
        : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }

  /** {@code files[0].rows}: the member names and indexes down to where it went wrong. */
  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference step : e.getPath()) {
      if (step.getFieldName() != null) {
        path.append(path.length() > 0 ? "." : "").append(step.getFieldName());
      } else if (step.getIndex() >= 0) {
        path.append('[').append(step.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String kind(Class<?> type) {
    if (type == null) {
      return "of another type";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
      return "a number";
    }
    if (CharSequence.class.isAssignableFrom(type)) {
      return "a string";
    }
    if (type.isArray() || Collection.class.isAssignableFrom(type)) {
      return "an array";
    }
    return Map.class.isAssignableFrom(type) || type.isRecord() ? "an object" : "of another type";
  }

  /**
   * The escapes that keep a document safe in HTML and YAML, all as lower-case {@code \}{@code
   * uXXXX} but for the short forms JSON has ({@code \n}, {@code \"} and so on).
   */
  private static final class SafeEscapes extends CharacterEscapes {

    private static final long serialVersionUID = 1L;

    private final int[] ascii = standardAsciiEscapesForJSON();

    SafeEscapes() {
      for (int c = 0; c < 0x20; c++) {
        if (ascii[c] == ESCAPE_STANDARD) {
          ascii[c] = ESCAPE_CUSTOM;
        }
      }
      ascii['<'] = ESCAPE_CUSTOM;
      ascii['>'] = ESCAPE_CUSTOM;
      ascii['&'] = ESCAPE_CUSTOM;
      ascii[0x7f] = ESCAPE_CUSTOM;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int c) {
      boolean escape =
          c < 0x20
              || c == '<'
              || c == '>'
              || c == '&'
              || (c >= 0x7f && c <= 0x9f)
              || c == 0x2028
              || c == 0x2029
              || c == 0xfeff
              || c >= 0xfffe
              || Character.isSurrogate((char) c);
      return escape ? new SerializedString(String.format(Locale.ROOT, "\\u%04x", c)) : null;
    }
  }
}
