package org.ehrcontracts.engine.deploy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.ehrcontracts.engine.remedy.Remedy;
import org.ehrcontracts.engine.remedy.RemedyWords;
import org.ehrcontracts.engine.seal.DeidManifest;
import org.ehrcontracts.engine.seal.ManifestSeal;
import org.ehrcontracts.engine.seal.SiteKey;

/**
 * The seal part of the {@code deploy.deidentified} interlock: the manifest must be sealed with the
 * site key of the private directory, over the content it has now.
 */
final class SealCheck {

  private SealCheck() {}

  /**
   * What is wrong with the manifest's seal, if anything: absent, not made with the private
   * directory's site key, or not of this content. Says neither the key nor an HMAC.
   */
  static Optional<Verdict> unsealed(
      Path manifest, DeidManifest doc, Path privateDirectory, String rerun, RemedyWords words) {
    String crosswalk = words.of(new Remedy.Parameter(Remedy.Setting.DEID_CROSSWALK));
    Remedy deidentify = new Remedy.RunDeidentify();
    Optional<ManifestSeal> seal = doc.seal() == null ? Optional.empty() : doc.seal().toSeal();
    if (seal.isEmpty()) {
      return Optional.of(
          Verdict.refused(
              Interlocks.DEIDENTIFIED,
              manifest
                  + " has no seal, so nothing shows that ehr:deidentify wrote it: a manifest"
                  + " written by hand or by an older version is never trusted. "
                  + rerun
                  + " again, with the private folder that keeps the crosswalk, and deploy its"
                  + " output.",
              deidentify));
    }
    Path keyFile = SiteKey.file(privateDirectory);
    Optional<SiteKey> key;
    try {
      key = SiteKey.load(privateDirectory);
    } catch (IOException e) {
      return Optional.of(
          Verdict.refused(
              Interlocks.DEIDENTIFIED,
              "cannot read the site's seal key "
                  + keyFile
                  + " ("
                  + e.getMessage()
                  + "), so the seal of "
                  + manifest
                  + " cannot be checked. Restore the key from the private folder's backup."));
    }
    if (key.isEmpty()) {
      return Optional.of(
          Verdict.refused(
              Interlocks.DEIDENTIFIED,
              "the seal of "
                  + manifest
                  + " cannot be checked: there is no site seal key "
                  + SiteKey.FILE_NAME
                  + " in "
                  + privateDirectory
                  + ", where ehr:deidentify keeps it beside the crosswalk. Only the machine and"
                  + " private folder that ran ehr:deidentify can deploy its output: deploy from"
                  + " there, or point "
                  + crosswalk
                  + " to the private folder that holds the key.",
              new Remedy.Parameter(Remedy.Setting.DEID_CROSSWALK)));
    }
    Optional<ManifestSeal.Content> content = doc.sealedContent();
    SiteKey.Check check =
        content.isEmpty() ? SiteKey.Check.ALTERED : key.get().check(content.get(), seal.get());
    return switch (check) {
      case VALID -> Optional.empty();
      case OTHER_KEY ->
          Optional.of(
              Verdict.refused(
                  Interlocks.DEIDENTIFIED,
                  manifest
                      + " was sealed with another site key than the one in "
                      + privateDirectory
                      + ": the directory was de-identified with another private folder or on another"
                      + " machine. Deploy from there, point "
                      + crosswalk
                      + " to the private folder it was de-identified with, or "
                      + rerun.substring(0, 1).toLowerCase(Locale.ROOT)
                      + rerun.substring(1)
                      + " again here.",
                  new Remedy.Parameter(Remedy.Setting.DEID_CROSSWALK),
                  deidentify));
      case ALTERED ->
          Optional.of(
              Verdict.refused(
                  Interlocks.DEIDENTIFIED,
                  "the seal of "
                      + manifest
                      + " does not match its content: the manifest was edited after ehr:deidentify"
                      + " wrote it, so nothing in it can be trusted. "
                      + rerun
                      + " again and deploy its output.",
                  deidentify));
      case UNKNOWN_ALGORITHM ->
          Optional.of(
              Verdict.refused(
                  Interlocks.DEIDENTIFIED,
                  manifest
                      + " is sealed with an algorithm this version cannot check (not "
                      + ManifestSeal.ALGORITHM
                      + "). "
                      + rerun
                      + " again with this version.",
                  deidentify));
    };
  }
}
