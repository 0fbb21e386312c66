package org.ehrcontracts.engine.vocab;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Numbers the distinct byte strings of a column (domains, classes) in order of first appearance,
 * without making a string per row: a small open-addressing table over the bytes.
 */
final class ByteInterner {

  private final int limit;
  private int[] slots = new int[64];
  private byte[][] values = new byte[16][];
  private int[] hashes = new int[16];
  private int count;

  /** An interner of at most {@code limit} distinct values. */
  ByteInterner(int limit) {
    this.limit = limit;
  }

  /** The number of {@code bytes[from, from + length)}, or -1 once {@code limit} values exist. */
  int intern(byte[] bytes, int from, int length) {
    int hash = 1;
    for (int i = from; i < from + length; i++) {
      hash = 31 * hash + bytes[i];
    }
    int mask = slots.length - 1;
    int slot = (hash ^ (hash >>> 16)) & mask;
    while (true) {
      int entry = slots[slot];
      if (entry == 0) {
        break;
      }
      int index = entry - 1;
      byte[] value = values[index];
      if (hashes[index] == hash
          && value.length == length
          && Arrays.equals(value, 0, length, bytes, from, from + length)) {
        return index;
      }
      slot = (slot + 1) & mask;
    }
    if (count == limit) {
      return -1;
    }
    if (count == values.length) {
      values = Arrays.copyOf(values, count * 2);
      hashes = Arrays.copyOf(hashes, count * 2);
    }
    values[count] = Arrays.copyOfRange(bytes, from, from + length);
    hashes[count] = hash;
    slots[slot] = ++count;
    if (count * 2 > slots.length) {
      rehash();
    }
    return count - 1;
  }

  private void rehash() {
    slots = new int[slots.length * 2];
    int mask = slots.length - 1;
    for (int i = 0; i < count; i++) {
      int hash = hashes[i];
      int slot = (hash ^ (hash >>> 16)) & mask;
      while (slots[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      slots[slot] = i + 1;
    }
  }

  /** The values as strings, by number. */
  String[] names() {
    String[] names = new String[count];
    for (int i = 0; i < count; i++) {
      names[i] = new String(values[i], StandardCharsets.UTF_8);
    }
    return names;
  }
}
