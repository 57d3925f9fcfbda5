/**
 * Luhn mod-10 over the digits of `text[start, end)` (payment cards). Spaces and dashes between them
 * are skipped, as cards print them, so a card is checked where it stands without copying it out.
 */
export function isLuhnValid(text: string, start = 0, end = text.length): boolean {
  let sum = 0;
  let double = false;
  let digits = 0;
  for (let i = end - 1; i >= start; i--) {
    const code = text.charCodeAt(i);
    if (code === 32 || code === 45) continue;
    let d = code - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
    digits++;
  }
  return digits > 0 && sum % 10 === 0;
}
