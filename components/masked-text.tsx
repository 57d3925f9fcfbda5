import { Fragment, type ReactNode } from "react";
import { describeMaskKind } from "@/lib/domain/masking/kinds";
import { PLACEHOLDER_PATTERN } from "@/lib/domain/masking/placeholder";
import { requiredGroup } from "@/lib/domain/masking/scan";

/**
 * Text with every masked placeholder (`[aws_secret_access_key:3f9a1c]`) shown as a pill whose tooltip
 * says what was masked. The fingerprint stays visible: the same value always gets the same one, so
 * reviewers can tell whether two masked values are equal without seeing them.
 */
export function MaskedText({ text }: { text: string }) {
  if (!text.includes("[")) return <>{text}</>;
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(new RegExp(PLACEHOLDER_PATTERN.source, "g"))) {
    const [whole] = match;
    const kind = requiredGroup(match, 1);
    if (match.index > last) parts.push(<Fragment key={`t${last}`}>{text.slice(last, match.index)}</Fragment>);
    parts.push(<MaskPill key={`m${match.index}`} placeholder={whole} kind={kind} />);
    last = match.index + whole.length;
  }
  if (last === 0) return <>{text}</>;
  if (last < text.length) parts.push(<Fragment key={`t${last}`}>{text.slice(last)}</Fragment>);
  return <>{parts}</>;
}

function maskTitle(kind: string): string {
  return `masked: ${describeMaskKind(kind)}`;
}

function MaskPill({ placeholder, kind }: { placeholder: string; kind: string }) {
  return (
    <mark
      title={maskTitle(kind)}
      data-masked-kind={kind}
      className="rounded-sm bg-amber-100 px-0.5 text-amber-950 ring-1 ring-amber-300 ring-inset [box-decoration-break:clone]"
    >
      {placeholder}
    </mark>
  );
}
