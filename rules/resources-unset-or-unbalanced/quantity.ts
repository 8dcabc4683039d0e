/**
 * Kubernetes resource quantities (`500m`, `1Gi`, `1e3`, `0.5`) as numbers, so that `1Gi` and `1024Mi` compare
 * equal. Undefined for anything the API would reject. Numbers beyond double precision lose digits, which is
 * fine for comparing requests with limits.
 */
const QUANTITY = /^([+-]?[0-9.]+)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$/;

const SUFFIX: Record<string, number> = {
  '': 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value.length > 64) return undefined;
  const match = QUANTITY.exec(value.trim());
  if (!match) return undefined;
  const digits = match[1]!;
  if (!/^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/.test(digits)) return undefined;
  const suffix = match[2] ?? '';
  const scale = SUFFIX[suffix] ?? (/^[eE]/.test(suffix) ? 10 ** Number(suffix.slice(1)) : undefined);
  if (scale === undefined) return undefined;
  const result = Number(digits) * scale;
  return Number.isFinite(result) ? result : undefined;
}

/** Whether two quantities are the same amount; unparseable ones compare by their text. */
export function sameQuantity(a: unknown, b: unknown): boolean {
  const x = parseQuantity(a);
  const y = parseQuantity(b);
  if (x === undefined || y === undefined) return String(a).trim() === String(b).trim();
  return Math.abs(x - y) <= Math.max(Math.abs(x), Math.abs(y)) * 1e-9;
}
