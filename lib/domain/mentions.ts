/** Someone who can be mentioned: a person who has signed in and may read requests. */
export type Mentionable = { email: string; name: string | null };

/**
 * `@alice@example.com`, `@alice` (the email's local part), `@grace` (a first name) or `@GraceGupta`
 * (the whole name without spaces). Not after a word character, so an email address in the text is
 * not read as a mention of its domain.
 */
const MENTION = /(?<![\w@.+-])@([A-Za-z0-9][A-Za-z0-9._%+-]*(?:@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)?)/g;

const squash = (text: string) => text.toLowerCase().replace(/\s+/g, "");

/**
 * The people a comment mentions, by email, in the order first mentioned: each `@token` that names
 * exactly one of `people` (by email, email local part, first name or whole name). A token naming
 * two people names nobody, rather than notifying the wrong one; the author is never their own mention.
 */
export function findMentions(text: string, people: readonly Mentionable[], authorEmail: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(MENTION)) {
    // A sentence may end right after the mention: "ask @bob."
    const token = (match[1] ?? "").replace(/[._%+-]+$/, "").toLowerCase();
    const named = people.filter((p) => {
      const email = p.email.toLowerCase();
      if (token.includes("@")) return email === token;
      const name = p.name?.trim() ?? "";
      return email.split("@")[0] === token || (name !== "" && (squash(name) === token || squash(name.split(/\s+/)[0] ?? "") === token));
    });
    const emails = [...new Set(named.map((p) => p.email.toLowerCase()))];
    const [only] = emails;
    if (emails.length === 1 && only && only !== authorEmail.toLowerCase() && !found.includes(only)) found.push(only);
  }
  return found;
}
