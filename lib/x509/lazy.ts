/**
 * An own enumerable property computed on first read and kept by a key object of its owner (the DER
 * it is computed from): one accessor shared by every owner. A getter in an object literal would be
 * a closure and an accessor pair per object, which V8's young-generation collections cannot free
 * (docs/speed.md, "What a batch allocates").
 */
export function cachedAccessor<T extends object, K extends object, V>(
  keyOf: (owner: T) => K,
  compute: (owner: T) => V,
): PropertyDescriptor {
  const cache = new WeakMap<K, V>();
  return {
    enumerable: true,
    configurable: true,
    get(this: T) {
      const k = keyOf(this);
      let v = cache.get(k);
      if (v === undefined) {
        v = compute(this);
        cache.set(k, v);
      }
      return v;
    },
  };
}
