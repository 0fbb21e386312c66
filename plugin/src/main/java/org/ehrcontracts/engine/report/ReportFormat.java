package org.ehrcontracts.engine.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.ehrcontracts.engine.verify.VerifyResult;

/**
 * One kind of report of a verification, such as {@code verify.html} or GitHub's annotations.
 *
 * <p>The formats there are, and their names, are in {@link ReportFormats}: a new format is one
 * implementation registered there.
 *
 * @since 0.2.0
 */
public interface ReportFormat {

  /**
   * The name users give in {@code formats}: lower case, such as {@code sarif}.
   *
   * @since 0.2.0
   */
  String name();

  /**
   * Writes the report of one export.
   *
   * @param result what verification found
   * @param folder the export's report folder, which exists
   * @param context what reports need besides the result
   * @return the files written into the folder, if any
   * @throws IOException if the report cannot be written
   * @since 0.2.0
   */
  List<Path> write(VerifyResult result, Path folder, ReportContext context) throws IOException;
}
