package org.ehrcontracts.maven;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin's copy of the sample export, which {@code ehr:check-bucket -Dehr.checkBucket.sample}
 * loads.
 */
class SampleResourceTest {

  private static final Path SAMPLE = Path.of("../it/sample-hpo/export");

  @Test
  void theCopyEqualsTheSampleProjectsExportByteForByte() throws IOException {
    List<String> shipped;
    try (Stream<Path> files = Files.list(SAMPLE)) {
      shipped = files.map(p -> p.getFileName().toString()).sorted().toList();
    }

    List<String> names = CheckBucketMojo.sampleNames();

    assertEquals(shipped, names.stream().sorted().toList());
    assertEquals("person.csv", names.get(names.size() - 1));
    for (String name : names) {
      try (InputStream in =
          getClass().getClassLoader().getResourceAsStream(CheckBucketMojo.SAMPLE + name)) {
        assertArrayEquals(Files.readAllBytes(SAMPLE.resolve(name)), in.readAllBytes(), name);
      }
    }
  }

  @Test
  void theFilesAreCopiedOutForUpload(@TempDir Path work) throws IOException {
    List<Path> files = CheckBucketMojo.sampleFiles(work);

    assertEquals(7, files.size());
    for (Path file : files) {
      assertArrayEquals(
          Files.readAllBytes(SAMPLE.resolve(file.getFileName())), Files.readAllBytes(file));
    }
  }
}
