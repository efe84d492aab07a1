// Number formats for the page: tonnes, money and shares in the units planners read.
const grouped = (digits: number) =>
  new Intl.NumberFormat("en-GB", { minimumFractionDigits: digits, maximumFractionDigits: digits });

const int = grouped(0);
const one = grouped(1);
const two = grouped(2);

/** Tonnes per year as Mt above a million, else kt. */
export function tonnes(t: number): string {
  if (Math.abs(t) >= 1e6) return `${two.format(t / 1e6)} Mt`;
  if (Math.abs(t) >= 1e3) return `${one.format(t / 1e3)} kt`;
  return `${int.format(t)} t`;
}

/** Tonnes as kt without the unit, for table columns headed "kt". */
export const kt = (t: number) => one.format(t / 1e3);

/** CNY per year as bn or M CNY. */
export function cny(value: number): string {
  if (Math.abs(value) >= 1e9) return `${two.format(value / 1e9)} bn CNY`;
  if (Math.abs(value) >= 1e6) return `${one.format(value / 1e6)} M CNY`;
  return `${int.format(value)} CNY`;
}

export const millionCny = (value: number) => one.format(value / 1e6);
export const perT = (value: number) => `${int.format(value)} CNY/t`;
export const plain = (value: number, digits = 0) => grouped(digits).format(value);
export const percent = (share: number) => `${one.format(share * 100)} %`;

/** A difference with its sign always shown, so "+" and "−" read at a glance. */
export function signed(value: number, format: (v: number) => string): string {
  if (value === 0) return format(0);
  return value > 0 ? `+${format(value)}` : `−${format(-value)}`;
}
