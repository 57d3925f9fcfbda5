import { adversarialStructureInputs } from "./structure/adversarial-structure-inputs";

/**
 * Inputs built to make a backtracking or re-scanning detector go quadratic: long runs of what each
 * detector anchors on. Shared by the completion test and the benchmark.
 */
export function adversarialInputs(bytes: number): Record<string, string> {
  const fill = (unit: string) => unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);
  // Each line differs, so per-call memos (one HMAC per distinct value, one classification per key) do not help.
  const distinct = (line: (i: number) => string) => {
    const lines: string[] = [];
    for (let i = 0, size = 0; size < bytes; i++) {
      const next = line(i);
      lines.push(next);
      size += next.length + 1;
    }
    return lines.join("\n").slice(0, bytes);
  };
  return {
    "a run": fill("a"),
    "= run": fill("="),
    "-----BEGIN": fill("-----BEGIN RSA PRIVATE KEY-----"),
    "@ run": fill("@"),
    "a@ run": fill("a@"),
    "digits": fill("4"),
    "digit groups": fill("4111 "),
    "dash groups": fill("4111-"),
    "IBAN look-alikes": fill("GJ06 1234 FR60 "),
    "xoxb- repeated": fill("xoxb-"),
    "eyJ repeated": fill("eyJ"),
    "sk-proj- repeated": fill("sk-proj-"),
    "nested quotes": fill('"\\"'),
    "password= repeated": fill("password="),
    "key stems": fill("keytokenpass"),
    ":// repeated": fill("://"),
    "% escapes": fill("%41"),
    "base64 run": fill("QUJD"),
    "service_account": fill('{"type": "service_account", '),
    "kind: Secret": fill("kind: Secret\ndata:\n  a: b\n"),
    "+ digits": fill("+1 "),
    "PuTTY header repeated": fill("PuTTY-User-Key-File-3: ssh-rsa\nPrivate-Lines: 9\n"),
    "EAA repeated": fill("EAA"),
    // Tokens may be glued to a word: anchors glued to one another along one run, and a glued
    // anchor in every word whose try reads the whole word before it fails.
    "glued anchors": fill("xghp_xeyJxEAAxsk-xAKIA"),
    "glued try per word": fill(`xEAA${"Bc1".repeat(40)}+ `),
    "identifier labels": fill("ssn: 123 sin 046-454 nino JK 40 29 card 3056 "),
    "ARN secrets": fill("arn:aws:secretsmanager:eu-west-1:1:secret:a=b/"),
    "key file members": `{"type": "service_account", ${fill('"private_key": "')}}`,
    "XML key= repeated": fill('<add key="Password" value="'),
    "YAML block repeated": fill("password: |\n"),
    // Command-line passwords, on one line with no break: each flag looks back along its line, and
    // each glued placeholder widens its rescan to a line break.
    "mysql -pX repeated": fill("mysql -pabc "),
    "login -p repeated": fill("docker login -u a -p x "),
    "sshpass -p repeated": fill("sshpass -p x "),
    "curl -u repeated": fill("curl -u a:b "),
    "htpasswd flags": `htpasswd ${fill("-b ")}`,
    "vault login flags": `vault login ${fill("-x ")}`,
    "password is repeated": fill("password is "),
    "netrc repeated": fill("machine a login b "),
    "Pwd= repeated": fill("Server=a;Pwd="),
    "password is X repeated": fill("password is Hunter2x2 "),
    "distinct passwords": distinct((i) => `password=${i.toString(36)}`),
    "distinct Secret data": distinct((i) => (i % 64 === 0 ? "kind: Secret\ndata:" : `  k${i}: ${i.toString(36)}`)),
    "distinct personal fields": distinct((i) => `user${i.toString(36)}_dob=1990-01-${String((i % 28) + 1).padStart(2, "0")}`),
    ...adversarialStructureInputs(bytes),
  };
}
