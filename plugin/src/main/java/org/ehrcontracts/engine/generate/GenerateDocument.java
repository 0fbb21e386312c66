package org.ehrcontracts.engine.generate;

import java.util.List;
import org.ehrcontracts.engine.json.ContractRef;
import org.ehrcontracts.engine.json.ToolRef;

/**
 * The document {@code generate.json}, written beside the generated export folder: what was
 * generated from what, and where every defect was planted. It holds no time, so that the same
 * request writes the same bytes.
 *
 * @param tool the tool that generated
 * @param contract the contract the export follows
 * @param seed the seed
 * @param persons the number of persons
 * @param asOf the reference date
 * @param deidentified whether the data satisfies the contract's de-identification policy
 * @param export the export folder's name
 * @param crosswalk the crosswalk's file name, beside the export folder, for de-identified data
 * @param files the rows of every table file
 * @param planted the planted defects, in the order they were planted
 * @param notes what the generator decided where the contract leaves a choice
 * @since 0.2.0
 */
public record GenerateDocument(
    ToolRef tool,
    ContractRef contract,
    long seed,
    long persons,
    String asOf,
    boolean deidentified,
    String export,
    String crosswalk,
    List<GenerateResult.TableFile> files,
    List<Planted> planted,
    List<String> notes) {

  /** Copies the lists. */
  public GenerateDocument {
    files = List.copyOf(files);
    planted = List.copyOf(planted);
    notes = List.copyOf(notes);
  }
}
