/**
 * A bounded map that forgets the least recently used entry, with an optional time to live. For
 * per-process caches whose staleness the caller can detect or tolerate (see CasesService.act).
 */
export class Lru<K, V> {
  private map = new Map<K, { value: V; at: number }>();

  constructor(
    private readonly max: number,
    private readonly ttlMs = Infinity,
  ) {}

  get(key: K): V | undefined {
    const hit = this.map.get(key);
    if (!hit) return undefined;
    this.map.delete(key);
    if (Date.now() - hit.at > this.ttlMs) return undefined;
    this.map.set(key, hit); // most recent last
    return hit.value;
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, { value, at: Date.now() });
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as K);
  }

  delete(key: K): void {
    this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
  }

  get size(): number {
    return this.map.size;
  }
}
