import { describe, expect, it } from "vitest";
import { DEMO_USERS, verifyDemoCredentials } from "./demo-users";
import { escapeHtml, renderLoginPage } from "./views";

describe("demo users", () => {
  it("are exactly the contract's table", () => {
    expect(DEMO_USERS.map((user) => [user.email, user.groups])).toEqual([
      ["alice@example.com", ["reviewers"]],
      ["bob@example.com", ["reviewers"]],
      ["erin@example.com", ["reviewers", "engineers"]],
      ["carol@example.com", ["auditors"]],
      ["dave@example.com", ["admins"]],
      ["frank@example.com", ["admins"]],
      ["grace@example.com", ["reviewers", "security"]],
    ]);
  });

  it("sign in with the demo password, email case-insensitively", () => {
    expect(verifyDemoCredentials("alice@example.com", "demo")?.id).toBe("alice");
    expect(verifyDemoCredentials(" Carol@Example.com ", "demo")?.id).toBe("carol");
  });

  it("refuse a wrong password, an unknown email and empty input alike", () => {
    expect(verifyDemoCredentials("alice@example.com", "Demo")).toBeNull();
    expect(verifyDemoCredentials("alice@example.com", "demo ")).toBeNull();
    expect(verifyDemoCredentials("mallory@example.com", "demo")).toBeNull();
    expect(verifyDemoCredentials("", "")).toBeNull();
  });
});

describe("login page", () => {
  it("escapes what it echoes back", () => {
    const html = renderLoginPage({
      action: "/interaction/abc",
      email: `"><script>alert(1)</script>`,
      error: "<b>nope</b>",
      clientName: "Countersign",
      demoUsers: DEMO_USERS,
      demoPassword: "demo",
    });
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<b>nope</b>");
    expect(html).toContain(escapeHtml(`"><script>alert(1)</script>`));
    expect(html).toContain('<label for="email">Email</label>');
    expect(html).toContain('<label for="password">Password</label>');
    expect(html).toContain('<button type="submit">Sign in</button>');
  });
});
