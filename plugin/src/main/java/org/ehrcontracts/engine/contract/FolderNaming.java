package org.ehrcontracts.engine.contract;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The naming rule of submission folders, such as {@code {date}-v{version}} for {@code
 * 2026-11-27-v1}.
 *
 * <p>{@code {date}} stands for a real calendar date written {@code YYYY-MM-DD}, {@code {version}}
 * for a whole number from 1; everything else is literal.
 *
 * @since 0.1.0
 */
public final class FolderNaming {

  private static final String DATE = "{date}";
  private static final String VERSION = "{version}";

  private final String template;
  private final Pattern pattern;

  private FolderNaming(String template, Pattern pattern) {
    this.template = template;
    this.pattern = pattern;
  }

  /**
   * Compiles a template.
   *
   * @throws IllegalArgumentException if a placeholder is unknown or appears twice
   */
  public static FolderNaming compile(String template) {
    StringBuilder regex = new StringBuilder();
    int dates = 0;
    int versions = 0;
    int i = 0;
    while (i < template.length()) {
      if (template.startsWith(DATE, i)) {
        regex.append("(?<date>\\d{4}-\\d{2}-\\d{2})");
        dates++;
        i += DATE.length();
      } else if (template.startsWith(VERSION, i)) {
        regex.append("(?<version>[1-9]\\d{0,8})");
        versions++;
        i += VERSION.length();
      } else if (template.charAt(i) == '{') {
        int end = template.indexOf('}', i);
        String name = end < 0 ? template.substring(i) : template.substring(i, end + 1);
        throw new IllegalArgumentException(
            "unknown placeholder " + name + "; the known ones are {date} and {version}");
      } else if (template.charAt(i) == '/') {
        throw new IllegalArgumentException("a folder name cannot contain '/'");
      } else {
        regex.append(Pattern.quote(String.valueOf(template.charAt(i))));
        i++;
      }
    }
    if (dates > 1 || versions > 1) {
      throw new IllegalArgumentException("{date} and {version} may each appear once");
    }
    if (template.isEmpty()) {
      throw new IllegalArgumentException("the folder template is empty");
    }
    return new FolderNaming(template, Pattern.compile(regex.toString()));
  }

  /** The template as the contract writes it. */
  public String template() {
    return template;
  }

  /** Whether a folder name follows the rule, its date being a real date. */
  public boolean matches(String folder) {
    Matcher matcher = pattern.matcher(folder);
    return matcher.matches() && dateOf(matcher).isPresent();
  }

  /**
   * The name for {@code date} with the next version after the highest that {@code existing} folder
   * names use for that date (version 1 when there is none).
   */
  public String next(LocalDate date, Collection<String> existing) {
    String day = date.toString();
    int highest = 0;
    for (String name : existing) {
      Matcher matcher = pattern.matcher(name);
      if (matcher.matches() && (!hasGroup("date") || day.equals(matcher.group("date")))) {
        if (hasGroup("version")) {
          highest = Math.max(highest, Integer.parseInt(matcher.group("version")));
        } else {
          highest = Math.max(highest, 1);
        }
      }
    }
    return template.replace(DATE, day).replace(VERSION, Integer.toString(highest + 1));
  }

  private boolean hasGroup(String group) {
    return template.contains("{" + group + "}");
  }

  private Optional<LocalDate> dateOf(Matcher matcher) {
    if (!hasGroup("date")) {
      return Optional.of(LocalDate.MIN);
    }
    try {
      return Optional.of(LocalDate.parse(matcher.group("date")));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return template;
  }
}
