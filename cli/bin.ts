/**
 * The `ikecert` binary (bundled to dist/ikecert.cjs). The common case — `ikecert id CERT ID...`
 * with no options — starts without commander or the rest of the CLI (cli/fast-id.ts); everything
 * else loads the full program (cli/main.ts). Both answer byte for byte alike (test/startup.test.ts).
 */
const args = process.argv.slice(2);
if (args[0] === "id" && args.length >= 3 && args.every((a) => !a.startsWith("-")))
  void import("./fast-id.js").then((m) => m.fastId(args[1]!, args.slice(2)));
else void import("./main.js");
