import type { BuiltInKind } from "../kinds";

/**
 * A credential recognised by its documented shape. The scanner finds `anchors` in one pass, then
 * checks `pattern` (sticky, bounded quantifiers only) where the token would start.
 */
export type TokenFormat = {
  kind: BuiltInKind;
  /** Literal that every token contains; where the token starts unless `maxBack` is set. */
  anchors: string[];
  /** Characters the token is made of. A token starts where a run of them starts, which is what keeps
   * the scanner linear: `xoxb-xoxb-xoxb-…` is one run and gets one attempt, not one per anchor. */
  alphabet: RegExp;
  /** The anchor sits inside the token: the token starts at most this many alphabet chars before it. */
  maxBack?: number;
  /** Sticky; must end with a negative lookahead on `alphabet` so a longer run is not a token. */
  pattern: RegExp;
  /** Mask only this capture group (pattern needs the `d` flag), e.g. the key after `AccountKey=`. */
  group?: number;
  /** Extra check that the shape alone cannot express (context, character mix). */
  accept?: (text: string, start: number, end: number) => boolean;
  /** Extra check for a token glued to a word, where its anchor is also how ordinary words end
   * (`task-…`, `desk-…` end in `sk-`). */
  gluedAccept?: (text: string, start: number, end: number) => boolean;
  priority?: number;
};
