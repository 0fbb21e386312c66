package org.ehrcontracts.engine.contract;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The structure of a part of the contract language: which keys a map has, which kind of value each
 * takes, and how a child contract's part merges over its parent's.
 *
 * <p>One declarative description serves the structural checks ({@code contract.unknown-key}, {@code
 * contract.type}), the {@code extends:} merge, and the test that keeps the JSON Schema and the
 * documentation complete.
 */
sealed interface Shape
    permits Shape.Scalar,
        Shape.Obj,
        Shape.MapOf,
        Shape.ListOf,
        Shape.MergedList,
        Shape.Either,
        Shape.Any {

  /** Words for messages: "a string", "a map", "a list or a string". */
  String describe();

  /** A scalar of one of the given YAML types. */
  record Scalar(Set<YNode.ScalarType> types, String describe) implements Shape {}

  /** A map with fixed keys; merged key by key. */
  record Obj(Map<String, Shape> keys, String name) implements Shape {
    public Obj {
      keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
    }

    @Override
    public String describe() {
      return "a map";
    }
  }

  /** A map from free names (tables, concept sets, rule ids) to values of one shape. */
  record MapOf(Shape values, boolean mergeEntries) implements Shape {
    @Override
    public String describe() {
      return "a map";
    }
  }

  /**
   * A list of values of one shape; with an identity key (columns by {@code name}, checks by {@code
   * id}) a child's list merges item by item, otherwise it replaces the parent's.
   */
  record ListOf(Shape items, String identityKey) implements Shape {
    @Override
    public String describe() {
      return "a list";
    }
  }

  /**
   * A plain list whose merge under {@code extends:} is spelled out: written as a list it appends to
   * the parent's ({@code append}) or replaces it; written {@code { append: [...] }} or {@code {
   * replace: [...] }} it does what it says.
   */
  record MergedList(ListOf list, boolean append) implements Shape {
    static final String APPEND = "append";
    static final String REPLACE = "replace";

    @Override
    public String describe() {
      return "a list, { append: [...] } or { replace: [...] }";
    }
  }

  /** A scalar of the first shape, or a map/list of the second (a short and a long form). */
  record Either(Shape scalar, Shape structured) implements Shape {
    @Override
    public String describe() {
      return scalar.describe() + " or " + structured.describe();
    }
  }

  /** Anything; used for values checked later by the binder. */
  record Any() implements Shape {
    @Override
    public String describe() {
      return "a value";
    }
  }
}
