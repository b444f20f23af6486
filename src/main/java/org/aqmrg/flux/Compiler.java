package org.aqmrg.flux;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aqmrg.readings.SeedBucket;

/**
 * Turns a parsed program into {@link Pipeline}s, one per result, checking every call against the
 * supported subset: a function, an argument or a package outside it is refused with its name and
 * place, never approximated. Assignments ({@code data = from(…) |> range(…)}) bind a pipeline or a
 * constant for later statements; an expression statement is a result.
 */
final class Compiler {
  static final String SCHEMA = "influxdata/influxdb/schema";
  static final String SUPPORTED =
      "from, range, filter, aggregateWindow, mean, min, max, count, sum, median, first, last,"
          + " keep, drop, limit, sort, group, pivot, schema.fieldsAsCols, yield, buckets";

  /** The arguments each function of the subset takes; any other is refused by name first. */
  private static final Map<String, Set<String>> ARGUMENTS =
      Map.ofEntries(
          Map.entry("range", Set.of("start", "stop")),
          Map.entry("filter", Set.of("fn", "onEmpty")),
          Map.entry(
              "aggregateWindow",
              Set.of("every", "fn", "createEmpty", "column", "timeSrc", "timeDst")),
          Map.entry("keep", Set.of("columns")),
          Map.entry("drop", Set.of("columns")),
          Map.entry("limit", Set.of("n", "offset")),
          Map.entry("sort", Set.of("columns", "desc")),
          Map.entry("group", Set.of("columns", "mode")),
          Map.entry("pivot", Set.of("rowKey", "columnKey", "valueColumn")),
          Map.entry("schema.fieldsAsCols", Set.of()),
          Map.entry("yield", Set.of("name")));

  private final Instant now;
  private final Map<String, Object> env = new HashMap<>();
  private final Set<String> imports = new HashSet<>();

  private Compiler(Instant now) {
    this.now = now;
  }

  static List<Pipeline> compile(Expr.Program program, Instant now) {
    return new Compiler(now).program(program);
  }

  private List<Pipeline> program(Expr.Program program) {
    for (Expr.Str path : program.imports()) {
      if (!path.value().equals(SCHEMA)) {
        throw path.at().error("package \"" + path.value() + "\" is not supported; only " + SCHEMA);
      }
      imports.add(path.value());
    }
    var results = new ArrayList<Pipeline>();
    var names = new HashSet<String>();
    for (Expr.Statement statement : program.statements()) {
      if (statement.name() != null) {
        Object value =
            isPipeline(statement.value())
                ? pipeline(statement.value())
                : Args.constant(statement.value(), env, now);
        env.put(statement.name(), value);
        continue;
      }
      if (!isPipeline(statement.value())) {
        throw statement.at().error("a statement on its own must be a query: from(bucket: …) |> …");
      }
      Pipeline pipeline = pipeline(statement.value()).finish(statement.at());
      if (!names.add(pipeline.result())) {
        throw statement
            .at()
            .error(
                "two results are named \""
                    + pipeline.result()
                    + "\"; give each its own with yield(name: …)");
      }
      results.add(pipeline);
    }
    if (results.isEmpty()) {
      throw new Position(1, 1, 1, 1).error("the query yields no result: it only assigns variables");
    }
    return results;
  }

  private boolean isPipeline(Expr e) {
    if (e instanceof Expr.Pipe) {
      return true;
    }
    if (e instanceof Expr.Call call) {
      return call.callee() instanceof Expr.Ident id
          && (id.name().equals("from") || id.name().equals("buckets"));
    }
    return e instanceof Expr.Ident id && env.get(id.name()) instanceof Builder;
  }

  private Builder pipeline(Expr e) {
    if (e instanceof Expr.Ident id && env.get(id.name()) instanceof Builder bound) {
      return bound.copy();
    }
    if (e instanceof Expr.Pipe pipe) {
      Builder input = pipeline(pipe.input());
      apply(input, pipe.call());
      return input;
    }
    if (e instanceof Expr.Call call
        && call.callee() instanceof Expr.Ident id
        && id.name().equals("from")) {
      var args = new Args(call, env, now);
      Position at = args.at("bucket");
      String name = args.string("bucket", null);
      args.done();
      for (SeedBucket bucket : SeedBucket.values()) {
        if (bucket.bucket().equals(name)) {
          return new Builder(bucket, call.at());
        }
      }
      throw new UnknownBucketException(name, at);
    }
    if (e instanceof Expr.Call call
        && call.callee() instanceof Expr.Ident id
        && id.name().equals("buckets")) {
      new Args(call, env, now).only(Set.of());
      var listing = new Builder(null, call.at());
      listing.start = Instant.EPOCH;
      listing.stop = now;
      return listing;
    }
    throw e.at().error("expected a query starting with from(bucket: …)");
  }

  private void apply(Builder b, Expr.Call call) {
    String name = functionName(call);
    if (b.result != null) {
      throw call.at().error("yield() must end its query; " + name + "() follows it");
    }
    var args = new Args(call, env, now);
    Set<String> known = Step.Fn.of(name) != null ? Set.of("column") : ARGUMENTS.get(name);
    if (known != null) {
      args.only(known);
    }
    if (!name.equals("range") && !name.equals("filter") && b.start == null) {
      throw call.at().error(unbounded(b.bucket) + " before " + name + "()");
    }
    Step.Fn fn = Step.Fn.of(name);
    if (fn != null) {
      args.column();
      b.steps.add(new Step.Aggregate(fn, call.at()));
    } else {
      switch (name) {
        case "range" -> range(b, args, call);
        case "filter" -> filter(b, args, call);
        case "aggregateWindow" -> b.steps.add(Windows.step(args, call.at()));
        case "keep" -> b.steps.add(new Step.Keep(args.strings("columns", null), call.at()));
        case "drop" -> b.steps.add(new Step.Drop(args.strings("columns", null), call.at()));
        case "limit" ->
            b.steps.add(new Step.Limit(args.count("n", null), args.count("offset", 0L), call.at()));
        case "sort" ->
            b.steps.add(
                new Step.Sort(
                    args.strings("columns", List.of("_value")),
                    args.bool("desc", false),
                    call.at()));
        case "group" -> b.steps.add(group(args, call));
        case "pivot" ->
            b.steps.add(
                new Step.Pivot(
                    args.strings("rowKey", null),
                    args.strings("columnKey", null),
                    args.string("valueColumn", null),
                    call.at()));
        case "schema.fieldsAsCols" ->
            b.steps.add(new Step.Pivot(List.of("_time"), List.of("_field"), "_value", call.at()));
        case "yield" -> b.result = args.string("name", "_result");
        default ->
            throw call.at()
                .error(
                    "function \""
                        + name
                        + "\" is not supported; the supported ones are "
                        + SUPPORTED);
      }
    }
    args.done();
  }

  private String functionName(Expr.Call call) {
    if (call.callee() instanceof Expr.Ident id) {
      return id.name();
    }
    if (call.callee() instanceof Expr.Member m && m.object() instanceof Expr.Ident pkg) {
      if (pkg.name().equals("schema") && !imports.contains(SCHEMA)) {
        throw pkg.at().error("undefined identifier schema; add import \"" + SCHEMA + "\"");
      }
      if (!pkg.name().equals("schema")) {
        throw pkg.at().error("undefined identifier " + pkg.name());
      }
      return pkg.name() + "." + m.property();
    }
    throw call.callee().at().error("expected a function name");
  }

  private void range(Builder b, Args args, Expr.Call call) {
    if (b.bucket == null) {
      throw call.at().error("range() reads a bucket: use it after from(bucket: …), not buckets()");
    }
    if (b.start != null) {
      throw call.at().error("range() is given twice");
    }
    b.start = args.time("start", null);
    b.stop = args.time("stop", now);
    if (!b.start.isBefore(b.stop)) {
      throw call.at().error("range(start:) must be before stop, got " + b.start + " and " + b.stop);
    }
  }

  private void filter(Builder b, Args args, Expr.Call call) {
    String onEmpty = args.string("onEmpty", "drop");
    if (!onEmpty.equals("drop")) {
      throw args.at("onEmpty").error("filter(onEmpty: \"" + onEmpty + "\") is not supported");
    }
    b.steps.add(new Step.Filter(Predicates.compile(args.raw("fn")), call.at()));
  }

  private static Step group(Args args, Expr.Call call) {
    List<String> columns = args.strings("columns", List.of());
    String mode = args.string("mode", "by");
    if (!mode.equals("by") && !mode.equals("except")) {
      throw args.at("mode").error("group(mode:) is \"by\" or \"except\", got \"" + mode + "\"");
    }
    return new Step.Group(columns, mode.equals("except"), call.at());
  }

  /** InfluxDB's words for a read without {@code range()}. */
  private static String unbounded(SeedBucket bucket) {
    return "cannot submit unbounded read to \""
        + bucket.bucket()
        + "\"; try bounding 'from' with a call to 'range'";
  }

  /** A pipeline being built: its bucket (null for {@code buckets()}), range and steps so far. */
  private static final class Builder {
    final SeedBucket bucket;
    final Position at;
    Instant start;
    Instant stop;
    final List<Step> steps = new ArrayList<>();
    String result;

    Builder(SeedBucket bucket, Position at) {
      this.bucket = bucket;
      this.at = at;
    }

    Builder copy() {
      var copy = new Builder(bucket, at);
      copy.start = start;
      copy.stop = stop;
      copy.steps.addAll(steps);
      copy.result = result;
      return copy;
    }

    Pipeline finish(Position statement) {
      if (start == null) {
        throw statement.error(unbounded(bucket));
      }
      return new Pipeline(
          bucket, start, stop, List.copyOf(steps), result == null ? "_result" : result, at);
    }
  }
}
