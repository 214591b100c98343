/**
 * Entry of dist/ikecert-id.cjs: `ikecert id CERT ID...` and `ikecert id --batch FILE|-` as
 * cli/bin-loader.ts hands them over.
 */
import { fastId, fastIdBatch } from "./fast-id.js";

const args = process.argv.slice(2);
if (args[1] === "--batch") void fastIdBatch(args[2]!);
else void fastId(args[1]!, args.slice(2));
