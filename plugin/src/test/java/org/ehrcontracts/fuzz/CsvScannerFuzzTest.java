package org.ehrcontracts.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import org.ehrcontracts.engine.contract.Dialect;
import org.ehrcontracts.engine.csv.CsvIssue;
import org.ehrcontracts.engine.csv.CsvRecord;
import org.ehrcontracts.engine.csv.CsvScanner;
import org.ehrcontracts.engine.csv.RecordHandler;

/**
 * Any bytes: the scanner ends, throws nothing, and every record and issue it reports lies within
 * the data (fields in order, inside the buffer, lines counted forward).
 */
class CsvScannerFuzzTest {

  @FuzzTest(maxDuration = "15s")
  void anyBytesScanWithoutFailing(byte[] data) throws IOException {
    for (Dialect dialect : new Dialect[] {Dialect.DEFAULT}) {
      long[] lastLine = {0};
      RecordHandler handler =
          new RecordHandler() {
            @Override
            public void issue(CsvIssue issue, long line, int field) {
              assertTrue(line >= 1, "issue line");
              assertTrue(field >= 0, "issue field");
            }

            @Override
            public void record(CsvRecord record) {
              assertTrue(record.line() >= lastLine[0], "lines go forward");
              lastLine[0] = record.line();
              for (int i = 0; i < record.size(); i++) {
                assertTrue(record.start(i) <= record.end(i), "field bounds");
                record.text(i);
              }
            }
          };
      new CsvScanner(dialect).scan(data, handler);
    }
  }
}
