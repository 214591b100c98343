/** Entry of dist/ikecert-id.cjs: `ikecert id CERT ID...` as cli/bin-loader.ts hands it over. */
import { fastId } from "./fast-id.js";

const args = process.argv.slice(2);
void fastId(args[1]!, args.slice(2));
