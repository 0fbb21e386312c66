package org.ehrcontracts.engine.format;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The time-zone names a {@code ZONE} token accepts, looked up without building a String.
 *
 * <p>Loaded on first use, so patterns without {@code ZONE} never pay for the table.
 */
final class ZoneNames {
  /** A resolved zone; immutable, so it may be published through a racy array write. */
  record Zone(ZoneId id, boolean fixed, int fixedOffsetSeconds) {}

  private static final String[] NAMES;
  private static final int[] TABLE;
  private static final Zone[] ZONES;

  static {
    TreeSet<String> names = new TreeSet<>(ZoneId.getAvailableZoneIds());
    // Short names that ZoneId.of understands but the region list does not carry.
    names.add("Z");
    names.add("UT");
    names.add("UTC");
    names.add("GMT");
    List<String> list = new ArrayList<>(names);
    NAMES = list.toArray(new String[0]);
    int size = Integer.highestOneBit(NAMES.length * 4);
    TABLE = new int[size];
    for (int i = 0; i < NAMES.length; i++) {
      int slot = mix(NAMES[i].hashCode()) & (size - 1);
      while (TABLE[slot] != 0) {
        slot = (slot + 1) & (size - 1);
      }
      TABLE[slot] = i + 1;
    }
    ZONES = new Zone[NAMES.length];
  }

  private ZoneNames() {}

  /** The index of the zone named by {@code s[from, to)}, or -1 when there is none of that name. */
  static int find(CharSequence s, int from, int to) {
    int h = 0;
    for (int i = from; i < to; i++) {
      h = 31 * h + s.charAt(i);
    }
    int mask = TABLE.length - 1;
    int length = to - from;
    for (int slot = mix(h) & mask; ; slot = (slot + 1) & mask) {
      int entry = TABLE[slot];
      if (entry == 0) {
        return -1;
      }
      String name = NAMES[entry - 1];
      if (name.length() == length && sameChars(name, s, from)) {
        return entry - 1;
      }
    }
  }

  /** The zone at {@code index}, resolved on first use. */
  static Zone zone(int index) {
    Zone zone = ZONES[index];
    if (zone == null) {
      String name = NAMES[index];
      ZoneId id = name.equals("Z") ? ZoneOffset.UTC : ZoneId.of(name);
      ZoneRules rules = id.getRules();
      zone =
          rules.isFixedOffset()
              ? new Zone(id, true, rules.getOffset(Instant.EPOCH).getTotalSeconds())
              : new Zone(id, false, 0);
      ZONES[index] = zone;
    }
    return zone;
  }

  private static boolean sameChars(String name, CharSequence s, int from) {
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) != s.charAt(from + i)) {
        return false;
      }
    }
    return true;
  }

  private static int mix(int h) {
    return h ^ (h >>> 16);
  }
}
