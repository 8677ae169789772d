// JSON for checkpoint metadata that keeps NaN, ±Infinity and -0 (plain JSON turns them into null/0):
// such numbers are written as {"$num": "NaN" | "Infinity" | "-Infinity" | "-0"}.

const TAG = '$num';

/** JSON text of `value` with non-finite numbers and -0 preserved. */
export function stringifyExact(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
    // the replacer sees numbers already converted; read the raw value from the holder
    const raw = key === '' ? v : this[key];
    if (typeof raw === 'number' && (!Number.isFinite(raw) || Object.is(raw, -0))) return { [TAG]: Object.is(raw, -0) ? '-0' : String(raw) };
    return v;
  });
}

/** Parses text written by stringifyExact. */
export function parseExact(text: string): unknown {
  return JSON.parse(text, (_k, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o);
      if (keys.length === 1 && keys[0] === TAG && typeof o[TAG] === 'string') {
        const s = o[TAG] as string;
        if (s === '-0') return -0;
        if (s === 'NaN' || s === 'Infinity' || s === '-Infinity') return Number(s);
      }
    }
    return v;
  });
}
