// Free text kept exactly as sent: control characters and unpaired surrogates, which storage would drop or replace, are refused.
import { z } from "zod";

const lineBreaks = new Set(["\t", "\n", "\r"]);

function hex(codeUnit: number): string {
  return `U+${codeUnit.toString(16).toUpperCase().padStart(4, "0")}`;
}

/**
 * Says what the first character that would not survive storage unchanged is and where, or
 * undefined when every character would. A NUL ends a stored text; an unpaired surrogate cannot be
 * written as UTF-8 and turns into U+FFFD.
 */
export function unstorableCharacter(text: string, multiline: boolean): string | undefined {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return `an unpaired surrogate ${hex(unit)} at index ${i}`;
    }
    if (unit >= 0xdc00 && unit <= 0xdfff) return `an unpaired surrogate ${hex(unit)} at index ${i}`;
    const control = unit < 0x20 || (unit >= 0x7f && unit <= 0x9f);
    if (control && !(multiline && lineBreaks.has(text[i] ?? ""))) {
      return `the control character ${hex(unit)} at index ${i}`;
    }
  }
  return undefined;
}

/**
 * A string of `min` to `max` characters that storage keeps exactly: no control characters (a
 * multiline text may hold tabs and line breaks) and no unpaired surrogates.
 */
export function plainText(min: number, max: number, options: { multiline?: boolean } = {}) {
  const multiline = options.multiline ?? false;
  return z
    .string()
    .min(min)
    .max(max)
    .superRefine((text, ctx) => {
      const found = unstorableCharacter(text, multiline);
      if (found !== undefined) {
        ctx.addIssue({
          code: "custom",
          message: `contains ${found}; text is kept exactly as sent, so control characters${multiline ? " other than tab and line breaks" : ""} and unpaired surrogates are refused`,
        });
      }
    });
}
