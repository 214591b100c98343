/**
 * Whole-process rows of `npm run bench`: what a user runs, start to exit, against baselines run in
 * the same round (interleaved, so the machine's load falls on all alike):
 *   - `ikecert id --batch -` over 1,000 certificates with 2 ids each vs a node:crypto script
 *     (bench/baseline/id-node.mjs: X509Certificate + checkHost/checkIP/checkEmail) and vs a shell
 *     loop of `openssl x509 -checkhost/-checkip/-checkemail` (per certificate; sampled and scaled);
 *     peak RSS of both node processes;
 *   - `ikecert chain --batch -` over 1,000 leaves under one CA pool (root + intermediate) vs a
 *     node:crypto script (bench/baseline/chain-node.mjs: checkIssued + verify) and vs a loop of
 *     `openssl verify`.
 * Both sections also run the floor (bench/baseline/floor-node.mjs: start Node, read every file,
 * print a line, check nothing), whose ratio to the node:crypto script is the least any JavaScript
 * checker can reach; the chain section also runs the least chain check (bench/baseline/
 * chain-least-node.mjs: node:crypto with one verification per line, the links above remembered).
 * A last section runs both batches and their node:crypto scripts on the corpus ten times over
 * (10,000 lines): what the ratios become once V8 has warmed up (skip: whole-long). Every contender
 * that checks answers the same (checked before timing). Env: BENCH_WHOLE (1000 leaves),
 * BENCH_OPENSSL_LOOP (100: the openssl loops run on this many lines, evenly spread, and are scaled),
 * BENCH_WHOLE_LONG (10: how many times over the long section runs the corpus).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateKey, makeCertificate } from "../certs-fixtures/generator.js";
import { makeCorpus } from "./corpus.js";
import { fmt, type Row, say, stats, tri } from "./table.js";

export interface WholeCorpus {
  leaves: string[];
  caDir: string;
  /** `id --batch` input: {"cert", "ids": [name, second]} */
  idLines: string;
  /** `chain --batch` input: {"cert", "ca": [caDir]} */
  chainLines: string;
  /** the openssl command per line, for the loops */
  idOpenssl: string[];
}

/** 1,000 leaves (the bench corpus) issued by an intermediate under a root; made once, kept in `cache`. */
export function wholeCorpus(cache: string, n: number): WholeCorpus {
  const dir = join(cache, `whole-v1-${n}`);
  const caDir = join(dir, "ca");
  const meta = join(dir, "corpus.json");
  if (!existsSync(meta)) {
    say(`generating ${n} leaves under one CA pool in ${dir} (once) ...`);
    mkdirSync(join(dir, "leaves"), { recursive: true });
    mkdirSync(caDir, { recursive: true });
    const root = makeCertificate({
      subject: "C=CH, O=ikecert bench, CN=Bench Root CA",
      key: generateKey("p256"),
      ca: true,
    });
    const int = makeCertificate({
      subject: "C=CH, O=ikecert bench, CN=Bench Intermediate CA",
      key: generateKey("p256"),
      ca: true,
      issuer: root,
    });
    writeFileSync(join(caDir, "root.pem"), root.pem);
    writeFileSync(join(caDir, "intermediate.pem"), int.pem);
    const leaves: string[] = [];
    const ids: string[][] = [];
    makeCorpus(n, 11, int).forEach((e, i) => {
      const f = join(dir, "leaves", `leaf${String(i).padStart(5, "0")}.pem`);
      writeFileSync(f, e.pem);
      leaves.push(f);
      // the second id: an address or email the certificate has, else an address it lacks
      const s = e.sans.find((x) => typeof x === "object" && ("ip" in x || "email" in x));
      const second = s && typeof s === "object" ? ("ip" in s ? s.ip : "email" in s ? s.email : "") : "";
      ids.push([e.name, second || "198.51.100.7"]);
    });
    writeFileSync(meta, JSON.stringify({ leaves, ids }));
  }
  const { leaves, ids } = JSON.parse(readFileSync(meta, "utf8")) as { leaves: string[]; ids: string[][] };
  const idLines = leaves.map((cert, i) => `${JSON.stringify({ cert, ids: ids[i] })}\n`).join("");
  const chainLines = leaves.map((cert) => `${JSON.stringify({ cert, ca: [caDir] })}\n`).join("");
  const idOpenssl = leaves.map((cert, i) => {
    const checks = ids[i]!.map((id) =>
      /^[\d.]+$|:/.test(id) ? `-checkip ${id}` : id.includes("@") ? `-checkemail ${id}` : `-checkhost ${id}`,
    );
    return `openssl x509 -in ${cert} -noout ${checks.join(" ")}`;
  });
  return { leaves, caDir, idLines, chainLines, idOpenssl };
}

interface Run {
  ms: number;
  rssMiB: number;
  status: number | null;
  stdout: string;
}

/** Wall time and peak RSS of one process (GNU time writes the RSS to a file, not into stderr). */
function runOnce(cmd: string, args: string[], input: string, cwd: string): Run {
  const tmp = mkdtempSync(join(tmpdir(), "ikecert-bench-rss-"));
  const rssFile = join(tmp, "rss");
  const t = process.hrtime.bigint();
  const r = spawnSync("/usr/bin/time", ["-o", rssFile, "-f", "%M", cmd, ...args], {
    cwd,
    input,
    encoding: "utf8",
    maxBuffer: 1 << 28,
    stdio: ["pipe", "pipe", "ignore"],
  });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  const rss = Number(readFileSync(rssFile, "utf8").trim().split("\n").pop()) / 1024;
  rmSync(tmp, { recursive: true, force: true });
  return { ms, rssMiB: rss, status: r.status, stdout: r.stdout };
}

export interface WholeOptions {
  root: string;
  bin: string;
  cache: string;
  repeats: number;
  leaves: number;
  opensslLoop: number;
  skip: Set<string>;
  /** the long section runs the corpus this many times over */
  longTimes?: number;
}

/** Lines of the openssl loop, evenly spread over the corpus. */
const sample = <T>(xs: T[], k: number): T[] => {
  const step = Math.max(1, Math.floor(xs.length / k));
  return Array.from({ length: Math.min(k, xs.length) }, (_, i) => xs[i * step]!);
};

function contest(
  o: WholeOptions,
  section: string,
  contenders: Record<string, { cmd: string; args: string[]; input: string }>,
  agree: (outs: Record<string, string>) => void,
): Record<string, Run[]> {
  const runs: Record<string, Run[]> = {};
  for (let r = 0; r < o.repeats; r++)
    for (const [k, c] of Object.entries(contenders)) {
      const x = runOnce(c.cmd, c.args, c.input, o.root);
      if (x.status === null || x.status > 2) throw new Error(`${section}: ${k} failed (exit ${x.status})`);
      if (!runs[k]) runs[k] = [];
      runs[k].push(x);
      if (r === 0 && Object.keys(runs).length === Object.keys(contenders).length)
        agree(Object.fromEntries(Object.entries(runs).map(([kk, v]) => [kk, v[0]!.stdout])));
    }
  return runs;
}

const parsed = <T>(jsonLines: string): T[] =>
  jsonLines
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as T);

const ratios = (a: Run[], b: Run[]) => stats(a.map((x, i) => x.ms / b[i]!.ms));
/** min / median / max wall time of runs, in seconds */
const seconds = (rs: Run[]) => tri(stats(rs.map((x) => x.ms / 1000)));

interface Versus {
  section: string;
  ikecert: string;
  node: string;
  openssl: string;
  /** the openssl loop ran on 1/scale of the lines */
  scale: number;
  vsNode: number;
  vsOpenssl: number;
  /** the label of the `least` contender's row, when it ran */
  least?: string;
}

/** The rows of one whole-process contest: ikecert vs the node:crypto script vs the openssl loop. */
function versusRows(runs: Record<string, Run[]>, v: Versus): Row[] {
  const ike = runs.ikecert!;
  const opensslS = runs.openssl!.map((x) => ({ ...x, ms: x.ms * v.scale }));
  const vsNode = ratios(ike, runs.node!);
  const vsOpenssl = stats(opensslS.map((x, i) => x.ms / ike[i]!.ms));
  const row = (r: Partial<Row> & Pick<Row, "what">): Row => ({
    section: v.section,
    value: "",
    ratio: null,
    ratioLabel: "",
    target: "",
    met: null,
    ...r,
  });
  return [
    row({ what: v.node, value: seconds(runs.node!), ratioLabel: "1" }),
    row({
      what: v.ikecert,
      value: seconds(ike),
      ratio: vsNode,
      ratioLabel: "x node script",
      target: `<= ${v.vsNode}x`,
      met: vsNode.median <= v.vsNode,
    }),
    row({
      what: "floor: read every file, print a line, no check (bench/baseline/floor-node.mjs)",
      value: seconds(runs.floor!),
      ratio: ratios(runs.floor!, runs.node!),
      ratioLabel: "x node script",
    }),
    ...(v.least && runs.least
      ? [
          row({
            what: v.least,
            value: seconds(runs.least),
            ratio: ratios(runs.least, runs.node!),
            ratioLabel: "x node script",
          }),
        ]
      : []),
    row({ what: v.openssl, value: seconds(opensslS) }),
    row({
      what: `${v.ikecert} vs the openssl loop`,
      ratio: vsOpenssl,
      ratioLabel: "x faster",
      target: `>= ${v.vsOpenssl}x`,
      met: vsOpenssl.median >= v.vsOpenssl,
    }),
  ];
}

export function wholeBench(o: WholeOptions): Row[] {
  const rows: Row[] = [];
  const c = wholeCorpus(o.cache, o.leaves);
  const n = c.leaves.length;
  const node = process.execPath;
  const loopLines = sample(c.idOpenssl, o.opensslLoop);
  const scale = n / loopLines.length;

  if (!o.skip.has("whole-id")) {
    say("whole process: id --batch ...");
    const section = `5. id --batch, whole process, ${n} certificates x 2 ids (stdin), s wall`;
    const runs = contest(
      o,
      section,
      {
        ikecert: { cmd: node, args: [o.bin, "id", "--batch", "-"], input: c.idLines },
        node: { cmd: node, args: [join(o.root, "bench/baseline/id-node.mjs")], input: c.idLines },
        floor: { cmd: node, args: [join(o.root, "bench/baseline/floor-node.mjs")], input: c.idLines },
        openssl: { cmd: "sh", args: ["-c", loopLines.map((l) => `${l} >/dev/null`).join("\n")], input: "" },
      },
      (outs) => {
        const ike = parsed<{ ok: boolean }>(outs.ikecert!);
        const nod = parsed<{ proven: boolean[] }>(outs.node!);
        if (ike.length !== n || nod.length !== n) throw new Error("id contenders wrote too few lines");
        // every id proven by node:crypto is proven by ikecert (strongSwan's rules; no CN, no wildcards)
        ike.forEach((r, i) => {
          if (r.ok !== nod[i]!.proven.every(Boolean))
            throw new Error(`id contenders disagree on line ${i + 1}`);
        });
      },
    );
    rows.push(
      ...versusRows(runs, {
        section,
        ikecert: "ikecert id --batch -",
        node: "node:crypto script (bench/baseline/id-node.mjs)",
        openssl: `openssl x509 -check* loop (${loopLines.length} lines x ${fmt(scale, 0)})`,
        scale,
        vsNode: 0.5,
        vsOpenssl: 60,
      }),
    );
    const rss = (rs: Run[]) => stats(rs.map((x) => x.rssMiB));
    const rssRatio = stats(runs.ikecert!.map((x, i) => x.rssMiB / runs.node![i]!.rssMiB));
    const rsection = `5b. peak RSS of the same runs, MiB`;
    rows.push(
      {
        section: rsection,
        what: "node:crypto script",
        value: tri(rss(runs.node!), 0),
        ratio: null,
        ratioLabel: "1",
        target: "",
        met: null,
      },
      {
        section: rsection,
        what: "ikecert id --batch -",
        value: tri(rss(runs.ikecert!), 0),
        ratio: rssRatio,
        ratioLabel: "x node script",
        target: "<= 1x",
        met: rssRatio.median <= 1,
      },
    );
  }

  if (!o.skip.has("whole-chain")) {
    say("whole process: chain --batch ...");
    const section = `6. chain --batch, whole process, ${n} leaves under one CA pool (stdin), s wall`;
    const cas = [join(c.caDir, "root.pem"), join(c.caDir, "intermediate.pem")];
    const chainLoop = sample(c.leaves, o.opensslLoop).map(
      (f) => `openssl verify -CAfile ${cas[0]} -untrusted ${cas[1]} ${f} >/dev/null`,
    );
    const cscale = n / chainLoop.length;
    const runs = contest(
      o,
      section,
      {
        ikecert: { cmd: node, args: [o.bin, "chain", "--batch", "-"], input: c.chainLines },
        node: {
          cmd: node,
          args: [join(o.root, "bench/baseline/chain-node.mjs"), ...cas],
          input: c.chainLines,
        },
        floor: { cmd: node, args: [join(o.root, "bench/baseline/floor-node.mjs")], input: c.chainLines },
        least: {
          cmd: node,
          args: [join(o.root, "bench/baseline/chain-least-node.mjs"), ...cas],
          input: c.chainLines,
        },
        openssl: { cmd: "sh", args: ["-c", chainLoop.join("\n")], input: "" },
      },
      (outs) => {
        const ike = parsed<{ ok: boolean }>(outs.ikecert!);
        const nod = parsed<{ trusted: boolean }>(outs.node!);
        if (ike.length !== n || nod.length !== n) throw new Error("chain contenders wrote too few lines");
        if (outs.least !== outs.node)
          throw new Error("the least chain check answers otherwise than chain-node.mjs");
        ike.forEach((r, i) => {
          if (r.ok !== nod[i]!.trusted) throw new Error(`chain contenders disagree on line ${i + 1}`);
        });
        if (!ike.every((r) => r.ok)) throw new Error("the chain corpus should verify");
      },
    );
    rows.push(
      ...versusRows(runs, {
        section,
        ikecert: "ikecert chain --batch -",
        node: "node:crypto script (bench/baseline/chain-node.mjs)",
        openssl: `openssl verify loop (${chainLoop.length} leaves x ${fmt(cscale, 0)})`,
        scale: cscale,
        vsNode: 0.7,
        vsOpenssl: 30,
        least:
          "least chain check: node:crypto, one verification per line (bench/baseline/chain-least-node.mjs)",
      }),
    );
  }
  if (!o.skip.has("whole-long")) rows.push(...longRows(o, c, node));
  return rows;
}

/**
 * `id --batch` and `chain --batch` against their node:crypto scripts on the corpus `longTimes` times
 * over: the ratios of long batches, once V8 has optimised the code of a line.
 */
function longRows(o: WholeOptions, c: WholeCorpus, node: string): Row[] {
  const times = o.longTimes ?? 10;
  const n = c.leaves.length * times;
  say(`whole process: ${n} lines ...`);
  const section = `7. long batches, whole process, the ${c.leaves.length} lines ${times} times over (stdin), s wall`;
  const cas = [join(c.caDir, "root.pem"), join(c.caDir, "intermediate.pem")];
  const idLines = c.idLines.repeat(times);
  const chainLines = c.chainLines.repeat(times);
  const runs = contest(
    { ...o, repeats: Math.max(3, Math.ceil(o.repeats / 2)) },
    section,
    {
      idNode: { cmd: node, args: [join(o.root, "bench/baseline/id-node.mjs")], input: idLines },
      id: { cmd: node, args: [o.bin, "id", "--batch", "-"], input: idLines },
      chainNode: {
        cmd: node,
        args: [join(o.root, "bench/baseline/chain-node.mjs"), ...cas],
        input: chainLines,
      },
      chain: { cmd: node, args: [o.bin, "chain", "--batch", "-"], input: chainLines },
    },
    (outs) => {
      const id = parsed<{ ok: boolean }>(outs.id!);
      const idNode = parsed<{ proven: boolean[] }>(outs.idNode!);
      const chain = parsed<{ ok: boolean }>(outs.chain!);
      const chainNode = parsed<{ trusted: boolean }>(outs.chainNode!);
      if ([id, idNode, chain, chainNode].some((x) => x.length !== n))
        throw new Error(`${section}: a contender wrote too few lines`);
      id.forEach((r, i) => {
        if (r.ok !== idNode[i]!.proven.every(Boolean)) throw new Error(`id disagrees on line ${i + 1}`);
      });
      chain.forEach((r, i) => {
        if (r.ok !== chainNode[i]!.trusted) throw new Error(`chain disagrees on line ${i + 1}`);
      });
    },
  );
  const row = (what: string, rs: Run[], base?: Run[]): Row => ({
    section,
    what,
    value: seconds(rs),
    ratio: base ? ratios(rs, base) : null,
    ratioLabel: base ? "x node script" : "1",
    target: "",
    met: null,
  });
  return [
    row("node:crypto script (bench/baseline/id-node.mjs)", runs.idNode!),
    row("ikecert id --batch -", runs.id!, runs.idNode!),
    row("node:crypto script (bench/baseline/chain-node.mjs)", runs.chainNode!),
    row("ikecert chain --batch -", runs.chain!, runs.chainNode!),
  ];
}
