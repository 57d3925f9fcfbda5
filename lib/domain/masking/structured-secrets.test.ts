import { describe, expect, it } from "vitest";
import { maskedKinds, testMasker } from "./test-masker";

describe("secrets by structure", () => {
  it("masks PEM and OpenSSH private keys whole, also with escaped newlines, but not certificates", () => {
    const pem = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU\n-----END OPENSSH PRIVATE KEY-----";
    expect(maskedKinds(`key:\n${pem}\nnext`).text).toMatch(/^key:\n\[private_key:[0-9a-f]{6}\]\nnext$/);
    const escaped = JSON.stringify({ key: pem });
    const masked = testMasker.maskText(escaped).text;
    expect(JSON.parse(masked).key).toMatch(/^\[private_key:[0-9a-f]{6}\]$/);
    const cert = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----";
    expect(maskedKinds(cert).text).toBe(cert);
  });

  it("masks a truncated private key without joining the text after it to the placeholder (idempotency counterexamples)", () => {
    const cases = [
      "kind: Secret\ndata:\n  a:  -----BEGIN PRIVATE KEY-----\n%3A ",
      'password=" @db/x -----BEGIN PRIVATE KEY-----\n{"apiKey":  ',
      "kind: Secret\ndata:\n  a:  -----BEGIN PRIVATE KEY----- \n/; 0 ",
    ];
    for (const text of cases) {
      const once = testMasker.maskText(text).text;
      expect(once).toContain("\n");
      expect(testMasker.maskText(once).text).toBe(once);
    }
    // Cut off with its JSON string, the last (partial) line is still key material.
    const cut = testMasker.maskText('{"k":"-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBg\\nMIIEvQIBAD"}').text;
    expect(cut).toMatch(/^\{"k":"\[private_key:[0-9a-f]{6}\]"\}$/);
  });

  it("masks PuTTY private key files whole, from the header to the MAC, also JSON-escaped or cut short", () => {
    const ppk = [
      "PuTTY-User-Key-File-3: ssh-ed25519",
      "Encryption: none",
      "Comment: deploy@ci",
      "Public-Lines: 2",
      "AAAAC3NzaC1lZDI1NTE5AAAAIDnvJ9b0aXc2Zm9vYmFyYmF6cXV4",
      "cXV1eA==",
      "Private-Lines: 1",
      "AAAAIGt3bXlwcml2YXRla2V5Ynl0ZXNzZWNyZXQ=",
      "Private-MAC: 7b2c1a0d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b",
    ].join("\n");
    expect(maskedKinds(`key file:\n${ppk}\nnext line`).text).toMatch(/^key file:\n\[private_key:[0-9a-f]{6}\]\nnext line$/);
    const escaped = testMasker.maskText(JSON.stringify({ ppk, user: "ci" })).text;
    expect(JSON.parse(escaped)).toEqual({ ppk: expect.stringMatching(/^\[private_key:[0-9a-f]{6}\]$/), user: "ci" });
    const truncated = ppk.slice(0, ppk.indexOf("\nPrivate-MAC"));
    expect(maskedKinds(truncated).text).not.toContain("AAAAIGt3bXlwcml2YXRla2V5");
    // The format's name in prose, with no key material, stays readable.
    const prose = "convert the PuTTY-User-Key-File-3 format with puttygen";
    expect(maskedKinds(prose).text).toBe(prose);
  });

  it("masks YAML block scalars under secret keys, keeping the indicator and the next key", () => {
    const literal = "db:\n  password: |\n    s3cret-line-1\n\n    s3cret-line-2\n  host: db.internal";
    expect(maskedKinds(literal).text).toMatch(/^db:\n {2}password: \|\n {4}\[password:[0-9a-f]{6}\]\n {2}host: db\.internal$/);
    const folded = "- name: api\n  client_secret: >-\n    abc def\n    ghi\nnext: 1";
    expect(maskedKinds(folded).text).toMatch(/^- name: api\n {2}client_secret: >-\n {4}\[oauth_client_secret:[0-9a-f]{6}\]\nnext: 1$/);
    // A block under a key that names no secret, and an indicator with nothing indented after it.
    for (const benign of ["description: |\n  rotates the password nightly\nnext: 1", "password: |\nhost: db"]) {
      expect(maskedKinds(benign).text, benign).toBe(benign);
    }
  });

  it("masks XML settings named by an attribute, in CDATA, and as attributes", () => {
    const lines = [
      '<add key="DbPassword" value="hunter2x"/>',
      "<add key='Smtp.Password' value='hunter2x' />",
      '<property name="hibernate.connection.password" value="hunter2x"/>',
      '<entry key="api_key">hunter2x</entry>',
      "<password><![CDATA[hunter2x]]></password>",
      '<connection user="app" password="hunter2x"/>',
    ];
    for (const line of lines) expect(maskedKinds(line).text, line).not.toContain("hunter2x");
    const benign = ['<add key="LogLevel" value="Debug"/>', '<add key="PasswordPolicy" value="Strict"/>', '<property name="password.length" value="12"/>', '<entry key="cache_key">orders</entry>'];
    for (const line of benign) expect(maskedKinds(line).text, line).toBe(line);
  });

  it("masks only the password of a URL, for any scheme, keeping scheme, user and host", () => {
    expect(maskedKinds("postgres://app:s3cr%40t@db.internal:5432/app").text).toMatch(/^postgres:\/\/app:\[password:[0-9a-f]{6}\]@db\.internal:5432\/app$/);
    expect(maskedKinds("redis://:hunter2@cache:6379").text).toMatch(/^redis:\/\/:\[password:[0-9a-f]{6}\]@cache:6379$/);
    expect(maskedKinds("https://db.internal/app and ${DB_URL}").kinds).toEqual([]);
    // A URL's password is literal: a dotted one is not a code expression, only a template stands in for one.
    expect(maskedKinds("postgres://admin:a_.a.a00@db.internal").text).toMatch(/^postgres:\/\/admin:\[password:[0-9a-f]{6}\]@db\.internal$/);
    expect(maskedKinds("postgres://admin:${DB_PASSWORD}@db.internal").kinds).toEqual([]);
  });

  it("masks Authorization credentials and cookies but keeps the scheme and cookie names", () => {
    const { text } = maskedKinds("Authorization: Basic dXNlcjpwYXNz\nCookie: sid=abc123xyz; theme=dark\nSet-Cookie: token=qwerty987; Path=/; HttpOnly");
    expect(text).toMatch(/^Authorization: Basic \[basic_auth:[0-9a-f]{6}\]\nCookie: sid=\[cookie:[0-9a-f]{6}\]; theme=\[cookie:[0-9a-f]{6}\]\nSet-Cookie: token=\[cookie:[0-9a-f]{6}\]; Path=\/; HttpOnly$/);
    expect(maskedKinds('curl -H "Authorization: Bearer $TOKEN" https://x').kinds).toEqual([]);
  });

  it("reads the rest of a line an Authorization header starts, past its value's closing quote", () => {
    const { text } = maskedKinds(`Authorization: Bearer abcdef' --data "db_password=Sup3rS3cret!"`);
    expect(text).toMatch(/^Authorization: Bearer \[bearer_token:[0-9a-f]{6}\]' --data "db_password=\[password:[0-9a-f]{6}\]"$/);
    expect(maskedKinds('Authorization: Basic dXNlcjpwYXNz" password=hunter2secret').text).not.toContain("hunter2secret");
    // Masking its own output changes nothing (a second Authorization on the line was found only then).
    const once = maskedKinds('Authorization: Bearer " Authorization: Bearer  ').text;
    expect(maskedKinds(once).text).toBe(once);
  });

  it("masks values of keys that name a secret in every syntax, and not references", () => {
    const secretLines = [
      "DB_PASSWORD=hunter2x",
      "dbPassword: hunter2x",
      '"x-api-key": "hunter2x"',
      "--password=hunter2x",
      "--password hunter2x",
      "mysql -u root -p'hunter2x' app",
      "docker login -u jane -p hunter2x registry.example.com",
      "podman login quay.io --username jane -p 'hunter2x'",
      "sshpass -p hunter2x ssh root@host",
      "sshpass -phunter2x scp a b:",
      "redis-cli -h cache -a hunter2x ping",
      "echo 'hunter2x' | docker login -u jane --password-stdin ghcr.io",
      "az login --service-principal -u 1234 -p hunter2x --tenant t",
      'ldapsearch -x -D "cn=admin,dc=x" -w hunter2x -b dc=x',
      'sqlcmd -S db -U sa -P hunter2x -Q "select 1"',
      "openssl enc -aes-256-cbc -k hunter2x -in a",
      "keytool -genkey -storepass hunter2x -keypass hunter2x",
      "smbclient //server/share -U jane%hunter2x",
      "rabbitmqctl add_user app hunter2x",
      "htpasswd -b -c /etc/.htpasswd jane hunter2x",
      "vault login hunter2x",
      "machine api.example.com login jane password hunter2x",
      "machine api.example.com\n  login jane\n  password hunter2x\n",
      'connectionString: "Server=db;User Id=sa;Pwd=hunter2x;"',
      "Driver={ODBC Driver 18};Server=db;Uid=sa;PWD={hunter2x};",
      "PGPASSWORD=hunter2x psql",
      "CREATE USER app IDENTIFIED BY 'hunter2x';",
      "ALTER ROLE app PASSWORD 'hunter2x';",
      'password = "hunter2x"',
      "<password>hunter2x</password>",
      '{\\"password\\":\\"hunter2x\\"}',
      "spring.datasource.password=hunter2x",
    ];
    for (const line of secretLines) expect(maskedKinds(line).text, line).not.toContain("hunter2x");
    // A password may start with a slash; a path is made of path characters only.
    expect(maskedKinds("password=/a0-*!A^@x").text).toMatch(/^password=\[password:[0-9a-f]{6}\]$/);
    // The same flags of other commands, and a login's password given as a variable, are not passwords.
    for (const line of [
      "ls -a hunter2x", "mkdir -p hunter2x", "docker run -p 8080:80 app", 'docker login -u jane -p "$REGISTRY_PASSWORD" x', "mysql -p hunter2x",
      "htpasswd -c /etc/.htpasswd jane", "vault login -method=userpass username=jane", "openssl s_client -connect x:443", "sqlcmd -S db -E",
      "PWD=/home/jane/project", "cd $PWD && make",
    ]) expect(maskedKinds(line).text, line).toBe(line);
    expect(maskedKinds("vault login s.AbCdEfGhIjKlMnOpQrStUvWx").kinds).toEqual(["vault_token"]);
    const references = ["password_file: /etc/x", "password: /run/secrets/db_password", "key: ~/.ssh/id_ed25519", "secret_name: prod-db", "password: ${DB_PASSWORD}", "token_type: Bearer", "max_tokens: 4096", 'password = var.db_password', "password: true"];
    for (const line of references) expect(maskedKinds(line).text, line).toBe(line);
  });

  it("masks a password spelled out in prose, and not the words that follow such phrases", () => {
    for (const line of ["The password is hunter2x2!.", "password was changed to 'hunter2x2'", "your password has been reset to Hunter2x2", 'passphrase is "correct horse battery staple"']) {
      expect(maskedKinds(line).kinds, line).toEqual(["password"]);
    }
    expect(maskedKinds("The password is hunter2x2!.").text).toMatch(/^The password is \[password:[0-9a-f]{6}\]\.$/);
    for (const line of ["the password is incorrect", "Password is required.", "the password is case-sensitive", "password is 20 characters long", "password is $DB_PASSWORD"]) {
      expect(maskedKinds(line).text, line).toBe(line);
    }
  });

  it("masks a bare JSON number under a secret key with a quoted placeholder", () => {
    const masked = testMasker.maskText('{"apiKey": 12345, "port": 5432}').text;
    expect(JSON.parse(masked)).toEqual({ apiKey: expect.stringMatching(/^\[api_key:[0-9a-f]{6}\]$/), port: 5432 });
  });

  it("masks high-entropy values under ambiguous names only", () => {
    expect(maskedKinds('signature: "Zm9vYmFy7Qx9LmK2pR4sT8vW1yZ3"').kinds).toEqual(["generic_secret"]);
    expect(maskedKinds("key: app.kubernetes.io/name").kinds).toEqual([]);
    expect(maskedKinds(`cache_key: ${"ab12".repeat(16)}`).kinds).toEqual([]);
  });

  it("masks Kubernetes Secret data values but not ConfigMap data", () => {
    const secret = "apiVersion: v1\ndata:\n  password: aHVudGVyMg==\n  username: YWRtaW4=\nkind: Secret\n---\napiVersion: v1\ndata:\n  mode: fast\nkind: ConfigMap";
    const { text } = maskedKinds(secret);
    expect(text).not.toContain("aHVudGVyMg==");
    expect(text).not.toContain("YWRtaW4=");
    expect(text).toContain("mode: fast");
  });

  it("masks encoded secrets: base64-wrapped (whole blob) and URL-encoded (exact span)", () => {
    const blob = Buffer.from('{"password":"hunter2x"}').toString("base64");
    expect(maskedKinds(`config=${blob}`).text).toMatch(/^config=\[password:[0-9a-f]{6}\]$/);
    const encoded = `next=${encodeURIComponent("https://svc:hunter2xyz@internal.example.com/cb")}`;
    expect(maskedKinds(encoded).text).toMatch(/^next=https%3A%2F%2Fsvc%3A\[password:[0-9a-f]{6}\]%40internal\.example\.com%2Fcb$/);
    expect(maskedKinds(`motd=${Buffer.from("hello world, nothing to see here").toString("base64")}`).kinds).toEqual([]);
  });
});
