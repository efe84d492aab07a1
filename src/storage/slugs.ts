// Dataset slugs: stable handles ([a-z0-9-]) that never look like an id (ids hold an underscore).

/** Lower-case letters and digits in runs joined by single hyphens, at most `slugMaxLength` long. */
export const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const slugMaxLength = 64;

export const isSlug = (text: string): boolean =>
  text.length <= slugMaxLength && slugPattern.test(text);

/**
 * A name as a slug: accents dropped, everything but letters and digits a hyphen, at most
 * `maxLength`; "dataset" when nothing is left (a name in Chinese, say).
 */
export function slugify(name: string, maxLength = slugMaxLength): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, maxLength)
    .replace(/^-+|-+$/g, "");
  return slug === "" ? "dataset" : slug;
}

/** `base`, else `base-2`, `base-3`, ...: the first not in `taken`, within the length limit. */
export function freeSlug(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${slugify(base, slugMaxLength - suffix.length)}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}
