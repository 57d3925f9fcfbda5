import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { AppHeader } from "@/components/app-header";
import { DemoBanner } from "@/components/demo-banner";
import { FreezeBanner } from "@/components/freeze-banner";
import { SealingBanner } from "@/components/sealing-banner";
import { UnavailableBanner } from "@/components/unavailable-banner";
import { ConsoleUnavailableError, getCurrentUser } from "@/lib/auth/current-user";
import { readSealingStatus } from "@/lib/services/read-sealing-status";
import { Providers } from "./providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Countersign", template: "%s · Countersign" },
  description: "A human decision in front of every privileged action an agent runs, and proof of it afterwards.",
  robots: { index: false, follow: false },
};

const UNAVAILABLE = Symbol("unavailable");

/** The database does not answer a presented session: the banner says so, and the page shows its error. */
function unavailable(error: unknown): typeof UNAVAILABLE {
  if (error instanceof ConsoleUnavailableError) return UNAVAILABLE;
  throw error;
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page depends on who is signed in (and on runtime configuration): never prerender at build time.
  await connection();
  const [signedIn, sealing] = await Promise.all([getCurrentUser().catch(unavailable), readSealingStatus()]);
  const user = signedIn === UNAVAILABLE ? null : signedIn;
  return (
    <html lang="en">
      <body className="min-h-screen bg-gray-50 font-sans text-sm text-gray-900 antialiased">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:shadow"
        >
          Skip to main content
        </a>
        <DemoBanner />
        {signedIn === UNAVAILABLE && <UnavailableBanner />}
        {!sealing.ok && <SealingBanner message={sealing.message} />}
        <Providers>
          {/* Inside the providers: the header's inbox is a live query. */}
          <AppHeader user={user && { email: user.email, name: user.name, roles: user.roles }} />
          {user && <FreezeBanner />}
          <main id="main" className="mx-auto max-w-6xl px-4 py-8">
            {children}
          </main>
        </Providers>
      </body>
    </html>
  );
}
