/**
 * Number formatting shared by the benchmark reports: rates with SI
 * prefixes, bytes per second in decimal units (1 GB/s = 10^9 bytes/s),
 * durations in the unit that suits them, ratios.
 *
 * @module
 */

function scaled(value: number, units: readonly (readonly [number, string])[], suffix: string): string {
  for (const [factor, prefix] of units) {
    if (Math.abs(value) >= factor) return `${significant(value / factor)} ${prefix}${suffix}`;
  }
  return `${significant(value)} ${suffix}`;
}

/** Three significant digits, no exponent. */
function significant(value: number): string {
  const magnitude = Math.abs(value);
  if (magnitude >= 100) return value.toFixed(0);
  if (magnitude >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

const SI: readonly (readonly [number, string])[] = [
  [1e9, "G"],
  [1e6, "M"],
  [1e3, "k"],
];

/**
 * Formats operations per second: `12.3 M/s`.
 *
 * @param opsPerSecond - the rate
 * @returns the text
 *
 * @example
 * ```ts
 * import { formatRate } from "ipckit/conformance";
 * console.assert(formatRate(12_345_678) === "12.3 M/s");
 * ```
 */
export function formatRate(opsPerSecond: number): string {
  return scaled(opsPerSecond, SI, "/s");
}

/**
 * Formats bytes per second in decimal units: `12.3 GB/s`.
 *
 * @param bytesPerSecond - the rate
 * @returns the text
 *
 * @example
 * ```ts
 * import { formatBytesRate } from "ipckit/conformance";
 * console.assert(formatBytesRate(2.5e9) === "2.50 GB/s");
 * ```
 */
export function formatBytesRate(bytesPerSecond: number): string {
  return scaled(bytesPerSecond, SI, "B/s");
}

/**
 * Formats a duration given in nanoseconds: `35.2 ns`, `1.20 µs`, `3.40 ms`.
 *
 * @param ns - the duration
 * @returns the text
 *
 * @example
 * ```ts
 * import { formatDuration } from "ipckit/conformance";
 * console.assert(formatDuration(1200) === "1.20 µs");
 * ```
 */
export function formatDuration(ns: number): string {
  if (ns >= 1e9) return `${significant(ns / 1e9)} s`;
  if (ns >= 1e6) return `${significant(ns / 1e6)} ms`;
  if (ns >= 1e3) return `${significant(ns / 1e3)} µs`;
  return `${significant(ns)} ns`;
}

/**
 * Formats a ratio: `3.10×`.
 *
 * @param ratio - the ratio
 * @returns the text
 *
 * @example
 * ```ts
 * import { formatRatio } from "ipckit/conformance";
 * console.assert(formatRatio(3.1) === "3.10×");
 * ```
 */
export function formatRatio(ratio: number): string {
  return `${significant(ratio)}×`;
}
