/**
 * argv[2] of a worker thread of `id --batch --jobs N`: the entry then serves batch requests instead of
 * parsing a command. Its own module, so that the loader (cli/bin-loader.ts) can route it to the id
 * bundle without bundling the batch code.
 */
export const WORKER_ARG = "--ikecert-id-batch-worker";
