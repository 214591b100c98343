/**
 * Entry of dist/ikecert-id.cjs: `ikecert id CERT ID...`, `ikecert id --batch FILE|-` (optionally with
 * `--jobs N`) and the worker threads of that batch, as cli/bin-loader.ts hands them over.
 */
import { serveIdBatchWorker } from "./commands/id-batch.js";
import { fastId, fastIdBatch } from "./fast-id.js";
import { WORKER_ARG } from "./worker-arg.js";

const args = process.argv.slice(2);
if (args[0] === WORKER_ARG) void serveIdBatchWorker();
else if (args[1] === "--batch") void fastIdBatch(args[2]!, args[3] === "--jobs" ? Number(args[4]) : 1);
else void fastId(args[1]!, args.slice(2));
