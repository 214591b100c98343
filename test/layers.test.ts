import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * Issue 18: one direction through the house (docs/architecture.md). Every file of lib/ and cli/ sits
 * in a room; a room imports only rooms of a lower rank, never one of its own rank or above (its own
 * room excepted). The import graph is read from the sources (static and dynamic imports, `export
 * ... from`), so a new upward import fails here.
 */
const ROOT = resolve(import.meta.dirname, "..");

/** rooms from the top down; rooms on one line share a rank and do not import each other */
const RANKS: string[][] = [
  ["cli"],
  ["index"], // lib/index.ts and the subpath entries lib/entry/*.ts
  ["run"], // many files at once: batches, folder scans, a configuration with its credentials
  ["explain"],
  ["checks"],
  ["vici"],
  ["input", "identity"],
  ["config", "proposals"],
  ["x509"],
  ["asn1", "findings"],
  ["base"], // errors, bytes, hash, lazy-import, release, rules
];

const BASE = new Set(["errors", "bytes", "hash", "lazy-import", "release", "rules"]);

/** The room of a repository path (lib/… or cli/…), or null for a file outside the layering. */
function roomOf(file: string): string | null {
  if (file.startsWith("cli/")) return "cli";
  const m = /^lib\/(?:([^/]+)\/.*|([^/]+)\.ts)$/.exec(file);
  if (!m) return null;
  if (m[1]) return m[1] === "entry" ? "index" : m[1];
  if (m[2] === "index") return "index";
  return BASE.has(m[2]!) ? "base" : null;
}

const rank = new Map(RANKS.flatMap((rooms, i) => rooms.map((r) => [r, RANKS.length - i] as const)));

/** The imports that break the direction, as "from -> to (room -> room)". */
function violations(edges: Array<[string, string]>): string[] {
  const out: string[] = [];
  for (const [from, to] of edges) {
    const a = roomOf(from);
    const b = roomOf(to);
    if (a === null || b === null) {
      out.push(`${from} -> ${to}: ${a === null ? from : to} is in no room (add it to RANKS)`);
      continue;
    }
    if (a === b) continue;
    const ra = rank.get(a);
    const rb = rank.get(b);
    if (ra === undefined || rb === undefined)
      out.push(`${from} -> ${to}: room ${ra === undefined ? a : b} has no rank`);
    else if (ra <= rb) out.push(`${from} -> ${to} (${a} -> ${b})`);
  }
  return out;
}

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory()) out.push(...sources(p));
    else if (e.name.endsWith(".ts")) out.push(p);
  }
  return out;
}

/** Every relative import of lib/ and cli/ as [importer, imported] repository paths. */
function importGraph(): Array<[string, string]> {
  const edges: Array<[string, string]> = [];
  for (const file of [...sources("lib"), ...sources("cli")]) {
    const info = ts.preProcessFile(readFileSync(join(ROOT, file), "utf8"), true, true);
    for (const { fileName } of info.importedFiles) {
      if (!fileName.startsWith(".")) continue;
      const target = relative(ROOT, resolve(dirname(join(ROOT, file)), fileName))
        .split("\\")
        .join("/")
        .replace(/\.js$/, ".ts");
      edges.push([file, target]);
    }
  }
  return edges;
}

/** Files of a graph that take part in an import cycle. */
function cyclic(edges: Array<[string, string]>): string[] {
  const next = new Map<string, string[]>();
  for (const [a, b] of edges) next.set(a, [...(next.get(a) ?? []), b]);
  const state = new Map<string, "open" | "done">();
  const found = new Set<string>();
  const walk = (n: string, path: string[]) => {
    if (state.get(n) === "done") return;
    if (state.get(n) === "open") {
      for (const p of path.slice(path.indexOf(n))) found.add(p);
      return;
    }
    state.set(n, "open");
    for (const m of next.get(n) ?? []) walk(m, [...path, n]);
    state.set(n, "done");
  };
  for (const n of next.keys()) walk(n, []);
  return [...found].sort();
}

describe("layers: one direction through the house", () => {
  const edges = importGraph();

  it("reads the import graph of lib/ and cli/", () => {
    expect(edges.length).toBeGreaterThan(500);
    expect(edges).toContainEqual(["lib/identity/certificate.ts", "lib/x509/cert-view.ts"]);
  });

  it("every file of lib/ and cli/ is in a ranked room", () => {
    const files = [...sources("lib"), ...sources("cli")];
    expect(files.filter((f) => roomOf(f) === null || !rank.has(roomOf(f)!))).toEqual([]);
  });

  it("no import runs from a lower room to a higher one, or between rooms of one rank", () => {
    expect(violations(edges)).toEqual([]);
  });

  it("the rule catches an upward import (input -> checks) and a sideways one (input -> identity)", () => {
    expect(
      violations([
        ["lib/input/load.ts", "lib/checks/credentials.ts"],
        ["lib/input/load.ts", "lib/identity/parse.ts"],
        ["lib/x509/certificate.ts", "lib/input/files.ts"],
        ["lib/checks/chain.ts", "lib/index.ts"],
        ["lib/checks/chain.ts", "lib/x509/certificate.ts"],
      ]),
    ).toEqual([
      "lib/input/load.ts -> lib/checks/credentials.ts (input -> checks)",
      "lib/input/load.ts -> lib/identity/parse.ts (input -> identity)",
      "lib/x509/certificate.ts -> lib/input/files.ts (x509 -> input)",
      "lib/checks/chain.ts -> lib/index.ts (checks -> index)",
    ]);
  });

  it("the CLI imports no module of the public entry points (lib/index.ts, lib/entry/)", () => {
    expect(edges.filter(([a, b]) => roomOf(a) === "cli" && roomOf(b) === "index")).toEqual([]);
  });

  it("no cycle among the CLI's modules (size and size-config no longer import each other)", () => {
    expect(cyclic(edges.filter(([a, b]) => a.startsWith("cli/") && b.startsWith("cli/")))).toEqual([]);
  });
});
