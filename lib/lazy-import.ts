/**
 * `import(specifier)` for modules loaded on demand (node builtins and ESM-only packages). The
 * bundled binary runs as a vm.Script with a V8 code cache (cli/bin-loader.ts), where a plain
 * import() has no module loader on Node 20; the binary provides one under this symbol.
 */
const HOOK = Symbol.for("ikecert.import");

export function lazyImport<T>(specifier: string): Promise<T> {
  const hook = (globalThis as Record<symbol, ((s: string) => Promise<unknown>) | undefined>)[HOOK];
  return (hook ? hook(specifier) : import(specifier)) as Promise<T>;
}
